import type { CleantalkClient } from "../provider/client/cleantalk-client";
import { clientForSettings, clientKeyOf } from "../provider/client/client-for-settings";
import { productId } from "../provider/domain/product";
import { siteOf } from "../provider/domain/site";
import { CleantalkError } from "../provider/errors/cleantalk-error";
import { type ConfigSource, type ProviderSettings, resolveSettings } from "../provider/schema/provider-settings";
import { type ExportedResource, revealedValue } from "../provider/schema/state-export";
import { keyRecordCodec } from "../provider/schema/stored-key";
import { concurrencyLimit } from "./concurrency-limit";
import type { CheckOutcome, StackKey, StackKeys } from "./key-rows";

/**
 * notice_paid_till calls in flight at once, across all stacks: a thousand
 * keys take about a minute even at 400 ms per call (1000 / 8 × 0.4 s), and
 * the load stays at what `pulumi up` sends by default (8 resources at once).
 * CleanTalk documents no rate limit; an answer that says "too many calls" is
 * retried by the client, honouring Retry-After.
 */
export const CHECK_CONCURRENCY = 8;

export interface CheckOptions {
  /** @default CHECK_CONCURRENCY */
  readonly concurrency?: number;
  /** Where CLEANTALK_API_URL and the other fallbacks are read. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** One notice_paid_till call: a site of a key. */
interface SiteCheck {
  readonly key: StackKey;
  readonly settings: ProviderSettings;
  readonly authKey: string;
  readonly url: string;
  readonly productId: number | undefined;
}

/**
 * Asks CleanTalk whether each key is still accepted, for every site it
 * covers, as `pulumi refresh` would, but without writing anything. Each key
 * goes to the API its stack's provider used (`cleantalk:apiUrl` as recorded
 * in the state at its last deployment, else CLEANTALK_API_URL, else
 * CleanTalk's), with the stack's timeout and attempt settings.
 *
 * One checker serves the whole run: stacks are checked as their exports
 * arrive, sharing one limit on calls in flight, one client per endpoint, and
 * what is known about endpoints that are down. The stacks must have been
 * exported with `--show-secrets`: the key is what CleanTalk validates. It
 * stays in memory; outcomes carry codes and redacted messages only.
 */
export class KeyChecker {
  readonly #env: NodeJS.ProcessEnv;
  readonly #limit: <T>(task: () => Promise<T>) => Promise<T>;
  readonly #clients = new Map<string, CleantalkClient>();
  /**
   * Endpoints that failed for transport reasons: the rest of their keys fail
   * at once. A nightly job against an API that is down must end in minutes,
   * not wait out the retry budget of every key.
   */
  readonly #down = new Map<string, CheckOutcome>();

  constructor(options: CheckOptions = {}) {
    this.#env = options.env ?? process.env;
    this.#limit = concurrencyLimit(options.concurrency ?? CHECK_CONCURRENCY);
  }

  /** Every key of one stack: valid, invalid, or why it could not be checked. */
  async check(stack: StackKeys): Promise<Map<StackKey, CheckOutcome>> {
    const outcomes = new Map<StackKey, CheckOutcome>();
    const checks: SiteCheck[] = [];
    for (const key of stack.keys) {
      const planned = sitesOf(key, stack.providers, this.#env);
      if ("status" in planned) outcomes.set(key, planned);
      else checks.push(...planned);
    }
    const perSite = await Promise.all(checks.map((check) => this.#limit(() => this.#checkSite(check))));
    checks.forEach((check, index) => {
      const site = perSite[index] ?? { status: "failed", code: "NETWORK", message: "not checked" };
      outcomes.set(check.key, combine(outcomes.get(check.key), site));
    });
    return outcomes;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#clients.values()].map((client) => client.close()));
    this.#clients.clear();
  }

  async #checkSite(check: SiteCheck): Promise<CheckOutcome> {
    const endpoint = clientKeyOf(check.settings);
    const known = this.#down.get(endpoint);
    if (known !== undefined) return known;
    let client = this.#clients.get(endpoint);
    if (client === undefined) {
      client = clientForSettings(check.settings);
      this.#clients.set(endpoint, client);
    }
    try {
      const answer = await client.noticePaidTill({ authKey: check.authKey, pathToCms: siteOf(check.url), productId: check.productId });
      return { status: answer.valid === 1 ? "valid" : "invalid" };
    } catch (error) {
      const outcome = failure(error, [check.authKey]);
      // API_ERROR: CleanTalk answered, about this key; the endpoint works.
      if (outcome.status === "failed" && outcome.code !== "API_ERROR") this.#down.set(endpoint, outcome);
      return outcome;
    }
  }
}

/** Checks the stacks' keys with one checker, closed afterwards. */
export async function checkKeys(stacks: readonly StackKeys[], options: CheckOptions = {}): Promise<Map<StackKey, CheckOutcome>> {
  const checker = new KeyChecker(options);
  try {
    const perStack = await Promise.all(stacks.map((stack) => checker.check(stack)));
    return new Map(perStack.flatMap((outcomes) => [...outcomes]));
  } finally {
    await checker.close();
  }
}

/** A failed site decides the key (it could not be judged); otherwise one refused site makes the key invalid, as refresh records it. */
function combine(sofar: CheckOutcome | undefined, site: CheckOutcome): CheckOutcome {
  if (sofar === undefined || sofar.status === "failed") return sofar ?? site;
  if (site.status === "failed" || site.status === "invalid") return site;
  return sofar;
}

/** The key's sites to check, or why it cannot be checked. */
function sitesOf(key: StackKey, providers: ReadonlyMap<string, ExportedResource>, env: NodeJS.ProcessEnv): SiteCheck[] | CheckOutcome {
  // A secret, unless the key was registered without the SDK, which marks it so.
  const credentials = revealedValue(key.outputs.credentials);
  if (credentials === undefined) {
    return { status: "failed", code: "STATE_UNREADABLE", message: "the key's credentials were not revealed by `pulumi stack export --show-secrets`" };
  }
  const record = keyRecordCodec.safeParse({ ...key.outputs, credentials });
  if (!record.success) {
    const path = record.error.issues[0]?.path.join(".") ?? "";
    return {
      status: "failed",
      code: "STATE_UNREADABLE",
      message: `the stored key does not have a shape this version reads${path === "" ? "" : ` (at ${path})`}`,
    };
  }
  let settings: ProviderSettings;
  try {
    settings = resolveSettings(providerConfig(key.resource.provider === undefined ? undefined : providers.get(key.resource.provider)), env);
  } catch (error) {
    return failure(error, []);
  }
  const product = productId(record.data.productName);
  return Object.entries(record.data.credentials.sites).map(([url, site]) => ({ key, settings, authKey: site.authKey, url, productId: product }));
}

/**
 * The provider settings a key was last deployed with: its provider resource's
 * inputs. The dynamic provider's hold the whole stack config (`cleantalk:apiUrl`);
 * the plugin's hold its own namespace without the prefix (`apiUrl`). A secret
 * setting is read when revealed, and ignored otherwise.
 */
export function providerConfig(provider: ExportedResource | undefined): ConfigSource {
  const inputs = provider?.inputs ?? {};
  const plugin = provider?.type === "pulumi:providers:cleantalk";
  return {
    get(key: string): string | undefined {
      const raw = inputs[plugin ? key.replace(/^cleantalk:/, "") : key];
      const value = revealedValue(raw);
      return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
    },
  };
}

/** A check that could not be made: the error's code and its first line, with the key masked once more. */
function failure(error: unknown, secrets: readonly string[]): CheckOutcome {
  if (!CleantalkError.isInstance(error)) throw error;
  const firstLine = error.message.split("\n")[0] ?? error.code;
  const message = secrets.reduce((text, secret) => text.split(secret).join("[redacted]"), firstLine.replace(/^[A-Z_]+: /, ""));
  return { status: "failed", code: error.code, message };
}
