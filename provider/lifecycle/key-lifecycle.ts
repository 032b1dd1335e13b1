import type { CleantalkClient } from "../client/cleantalk-client";
import { productId } from "../domain/product";
import { hostnameOf, siteOf } from "../domain/site";
import type { KeyPlan, KeyRecord } from "../schema/stored-key";
import { buildRecord, rescheduled } from "./build-record";
import { type CheckOutcome, checkKey } from "./check-key";
import { incompleteReason } from "./messages";
import { obtainKeys } from "./obtain-key";
import { type KeyChange, newlySuppliedSites, planChange, suppliedKeyFor } from "./plan-change";
import { RotationLedger } from "./rotation-ledger";

export interface LifecycleDeps {
  /** Called only by steps that talk to CleanTalk; check and diff never do. */
  readonly client: () => CleantalkClient;
  readonly now: () => Date;
  /** Per-key notes (created, flagged invalid, forgotten); never given secrets. */
  readonly log?: (message: string) => void;
  /** Shared by every lifecycle of one provider process. @default a ledger of this instance */
  readonly rotations?: RotationLedger;
}

/**
 * A create or update that obtained keys for some sites of a multi-site key
 * but not all. Pulumi records the resource with `record` and these reasons
 * (an initialisation error), so the keys CleanTalk issued are not lost, and
 * the next `up` updates it in place once keys are supplied for the rest.
 */
export class IncompleteKeyError extends Error {
  override readonly name = "IncompleteKeyError";
  constructor(
    readonly record: KeyRecord,
    readonly reasons: readonly string[],
  ) {
    super(reasons.join("\n"));
  }
}

/** The six provider steps for a CleanTalk key, on decoded records, with injected clock and client. */
export class KeyLifecycle {
  readonly #deps: LifecycleDeps;
  readonly #rotations: RotationLedger;

  constructor(deps: LifecycleDeps) {
    this.#deps = deps;
    this.#rotations = deps.rotations ?? new RotationLedger();
  }

  check(olds: Record<string, unknown>, news: Record<string, unknown>): CheckOutcome {
    return checkKey(olds, news);
  }

  /** Decides, without an API call, what this plan does to the key; remembers a replacement for create. */
  diff(old: KeyRecord, plan: KeyPlan): KeyChange {
    const change = planChange(old, plan, this.#deps.now());
    if (change.reason !== "identity") this.#rotations.record(plan, old, change.reason);
    return change;
  }

  async create(plan: KeyPlan): Promise<KeyRecord> {
    const pending = this.#rotations.take(plan);
    const obtained = await obtainKeys(this.#deps.client(), plan, pending);
    const record = buildRecord(plan, obtained, this.#deps.now(), pending);
    if (record.details.pendingSites.length > 0) throw new IncompleteKeyError(record, [incompleteReason(record.details.pendingSites.map(hostnameOf))]);
    this.#deps.log?.(`created key ${record.details.fingerprint} for ${record.details.hostnames.join(", ")} (${record.details.source})`);
    return record;
  }

  /**
   * Re-validates every site's key. A key CleanTalk no longer accepts is
   * recorded as invalid (never thrown: refresh must succeed to record it), and
   * the next plan replaces it.
   */
  async read(record: KeyRecord): Promise<KeyRecord> {
    const client = this.#deps.client();
    const answers = await Promise.all(
      Object.entries(record.credentials.sites).map(([url, site]) =>
        client.noticePaidTill({ authKey: site.authKey, pathToCms: siteOf(url), productId: productId(record.productName) }),
      ),
    );
    const keyStatus = answers.every((answer) => answer.valid === 1) ? "valid" : "invalid";
    if (keyStatus === "invalid") this.#deps.log?.(`key ${record.details.fingerprint} is no longer accepted by CleanTalk; the next \`pulumi up\` replaces it`);
    return { ...record, details: rescheduled(record.details, record, keyStatus, this.#deps.now()) };
  }

  /**
   * Settings in place (no new key; dates recomputed from the key's creation
   * time), the recorded rotation state, and keys supplied for sites that had
   * none (a multi-site key CleanTalk answered only in part).
   */
  async update(old: KeyRecord, plan: KeyPlan): Promise<KeyRecord> {
    const { authKey: _supplied, ...settings } = plan;
    const filled = newlySuppliedSites(old, plan).filter((url) => old.details.pendingSites.includes(url));
    const sites = { ...old.credentials.sites };
    if (filled.length > 0) {
      const adopted = await obtainKeys(
        this.#deps.client(),
        { ...plan, website: filled, authKey: Object.fromEntries(filled.map((url) => [url, suppliedKeyFor(plan, url) ?? ""])) },
        undefined,
      );
      Object.assign(sites, adopted.sites);
    }
    const pendingSites = plan.website.filter((url) => sites[url] === undefined);
    const record: KeyRecord = {
      ...settings,
      credentials: { ...old.credentials, sites },
      details: { ...rescheduled(old.details, settings, old.details.keyStatus, this.#deps.now()), pendingSites },
    };
    if (pendingSites.length > 0) throw new IncompleteKeyError(record, [incompleteReason(pendingSites.map(hostnameOf))]);
    return record;
  }

  /** CleanTalk has no revoke API: the key leaves Pulumi's state only (README: revoke in the dashboard). */
  delete(record: KeyRecord): void {
    this.#deps.log?.(`forgot key ${record.details.fingerprint}; revoke it in the CleanTalk dashboard if it leaked`);
  }
}
