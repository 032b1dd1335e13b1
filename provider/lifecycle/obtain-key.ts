import type { CleantalkClient } from "../client/cleantalk-client";
import { productId } from "../domain/product";
import { hostnameOf, siteOf } from "../domain/site";
import type { CleantalkError } from "../errors/cleantalk-error";
import type { GetApiKeyAnswer } from "../schema/api-answers";
import type { KeyPlan, KeySource, SiteKey } from "../schema/stored-key";
import { accountExists, keyExpired, keyInvalid, keyRejected, notRotated } from "./messages";
import { suppliedKeyFor } from "./plan-change";
import type { PendingReplacement } from "./rotation-ledger";

/** What create obtained, before it becomes a record. */
export interface ObtainedKeys {
  /** Per site URL that has a key. */
  readonly sites: Readonly<Record<string, SiteKey>>;
  /** Site URLs CleanTalk gave no key for. */
  readonly pendingSites: readonly string[];
  readonly topLevelKey: string | undefined;
  readonly userToken: string | undefined;
  readonly passwordHash: string | undefined;
  readonly serviceId: number | undefined;
  readonly source: KeySource;
  /** CleanTalk handed back a key it had already issued: its age is not known here. */
  readonly handedBack: boolean;
}

/**
 * The keys for a plan's sites: each supplied key is validated with
 * notice_paid_till, and the sites without one ask get_api_key. A key that is
 * one of those being replaced is no new key, whatever phase it came in.
 */
export async function obtainKeys(client: CleantalkClient, plan: KeyPlan, pending: PendingReplacement | undefined): Promise<ObtainedKeys> {
  const supplied: Record<string, string> = {};
  for (const url of plan.website) {
    const key = suppliedKeyFor(plan, url);
    // A supplied key that is the one being replaced (an expired or invalid
    // adopted key) supplies nothing: the API is asked instead. Not so when
    // the replacement is the adoption itself: a map that changes one site's
    // key keeps the other sites' supplied keys, which are still the ones in use.
    if (key !== undefined && (pending?.reason === "adopt" || !pending?.isReplacedKey(key))) supplied[url] = key;
  }
  const adopted = await validateSupplied(client, plan, supplied);
  const rest = plan.website.filter((url) => supplied[url] === undefined);
  if (rest.length === 0) {
    return { sites: adopted.sites, pendingSites: [], topLevelKey: undefined, ...adopted.account, source: "supplied", handedBack: false };
  }

  const answer = await client.getApiKey({ email: plan.email, websites: rest, productName: plan.productName, platform: plan.platform });
  const provisioned = classifyAnswer(answer, rest, pending);
  const sites = { ...provisioned.sites, ...adopted.sites };
  if (Object.keys(sites).length === 0) throw noNewKey(pending, provisioned.pendingSites.map(hostnameOf), "account-exists");
  return {
    ...provisioned,
    sites: Object.fromEntries(plan.website.filter((url) => sites[url] !== undefined).map((url) => [url, sites[url] as SiteKey])),
    userToken: provisioned.userToken ?? adopted.account.userToken,
    serviceId: provisioned.serviceId ?? adopted.account.serviceId,
    source: Object.keys(adopted.sites).length > 0 ? "supplied" : provisioned.source,
  };
}

async function validateSupplied(client: CleantalkClient, plan: KeyPlan, supplied: Readonly<Record<string, string>>) {
  const entries = Object.entries(supplied);
  const answers = await Promise.all(
    entries.map(async ([url, authKey]) => ({
      url,
      authKey,
      answer: await client.noticePaidTill({ authKey, pathToCms: siteOf(url), productId: productId(plan.productName) }),
    })),
  );
  const refused = answers.filter(({ answer }) => answer.valid !== 1).map(({ url }) => hostnameOf(url));
  if (refused.length > 0) throw keyRejected(refused);
  const first = answers[0]?.answer;
  return {
    sites: Object.fromEntries(answers.map(({ url, authKey }) => [url, { hostname: hostnameOf(url), authKey }])) as Record<string, SiteKey>,
    account: { userToken: first?.user_token, passwordHash: undefined, serviceId: first?.service_id },
  };
}

/** get_api_key's answer phases, as keys for `urls`; refuses answers that carry no usable new key. */
export function classifyAnswer(answer: GetApiKeyAnswer, urls: readonly string[], pending: PendingReplacement | undefined): ObtainedKeys {
  const hostnames = urls.map(hostnameOf);
  const everySite = (authKey: string) => Object.fromEntries(urls.map((url) => [url, { hostname: hostnameOf(url), authKey }]));
  const account = { userToken: undefined, passwordHash: undefined, serviceId: undefined };
  switch (answer.phase) {
    case "issued":
      if (pending?.isReplacedKey(answer.auth_key) && pending.reason !== undefined) throw noNewKey(pending, hostnames, "same-key");
      return {
        sites: everySite(answer.auth_key),
        pendingSites: [],
        topLevelKey: answer.auth_key,
        userToken: answer.user_token,
        passwordHash: answer.password_hash,
        serviceId: answer.service_id,
        source: "provisioned",
        handedBack: false,
      };
    case "existing":
      // Phase 2 repeats the site's current key. For a new resource that is
      // the key (an interrupted `up` asked before); for a rotation it must not
      // be the key being replaced. A different one (regenerated in the
      // dashboard since) is a new key.
      if (pending?.isReplacedKey(answer.auth_key) && pending.reason !== undefined) throw noNewKey(pending, hostnames, "same-key");
      return {
        ...account,
        sites: everySite(answer.auth_key),
        pendingSites: [],
        topLevelKey: answer.auth_key,
        userToken: answer.user_token,
        source: "existing-site",
        handedBack: true,
      };
    case "account-exists":
      throw noNewKey(pending, hostnames, "account-exists");
    case "multi-site": {
      const sites: Record<string, SiteKey> = {};
      const missing: string[] = [];
      for (const url of urls) {
        const entry = answer.websites[url];
        if (entry?.auth_key === undefined) missing.push(url);
        else sites[url] = { hostname: entry.hostname, authKey: entry.auth_key };
      }
      const repeated = Object.values(sites).filter((site) => pending?.isReplacedKey(site.authKey));
      if (repeated.length > 0 && pending?.reason !== undefined)
        throw noNewKey(
          pending,
          repeated.map((site) => site.hostname),
          "same-key",
        );
      const accountExisted = answer.account_exists === 1;
      return {
        ...account,
        sites,
        pendingSites: missing,
        topLevelKey: answer.auth_key,
        userToken: answer.user_token,
        source: accountExisted ? "existing-site" : "provisioned",
        handedBack: accountExisted,
      };
    }
  }
}

/** The refusal that fits why a key was wanted, when the API gave none. */
function noNewKey(pending: PendingReplacement | undefined, hostnames: readonly string[], answer: "same-key" | "account-exists"): CleantalkError {
  switch (pending?.reason) {
    case "expired":
      return keyExpired(hostnames);
    case "invalid":
      return keyInvalid(hostnames);
    case "triggers":
    case "adopt":
      return answer === "same-key" ? notRotated(hostnames) : accountExists(hostnames);
    default:
      return accountExists(hostnames);
  }
}
