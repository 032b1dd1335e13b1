import { AccountStore } from "./accounts";
import type { ApiFields } from "./api-fields";
import { runApiMethod } from "./api-methods";
import type { ApiContext, ApiOutcome } from "./api-outcome";
import type { EmulatorClock } from "./clock";
import type { ConfigPatch, GenerateKeyRequest, IssuedCredentialsView, ParsedFaultSpec, QueuedFault, RuntimeConfig, SiteSummary } from "./control-schemas";
import { Counters } from "./counters";
import { keyFingerprint } from "./credentials";
import { FaultQueue } from "./faults";
import { saveState } from "./persistence";
import { resolveProductName } from "./products";
import { type RateDecision, RateLimiter } from "./rate-limit";
import type { StateSnapshot } from "./state-schema";
import { normaliseWebsite } from "./website";

export class DashboardInputError extends Error {
  override readonly name = "DashboardInputError";
}

export interface EmulatorCoreOptions {
  readonly clock: EmulatorClock;
  readonly config: RuntimeConfig;
  readonly persistPath?: string | undefined;
  readonly initialState?: StateSnapshot | undefined;
}

/**
 * The emulator without HTTP: state, clock, counters, faults, limits and config. The API
 * endpoint, the control surface and the library accessors all drive this one object, so what
 * a test reads through any of them is the same.
 */
export class EmulatorCore {
  readonly clock: EmulatorClock;
  readonly counters = new Counters();
  readonly faults = new FaultQueue();
  private readonly rateLimiter = new RateLimiter();
  private readonly persistPath: string | undefined;
  private store: AccountStore;
  private config: RuntimeConfig;

  constructor(options: EmulatorCoreOptions) {
    this.clock = options.clock;
    this.config = { ...options.config };
    this.persistPath = options.persistPath;
    this.store = options.initialState === undefined ? new AccountStore() : AccountStore.fromSnapshot(options.initialState);
  }

  currentConfig(): RuntimeConfig {
    return { ...this.config, rateLimit: this.config.rateLimit === null ? null : { ...this.config.rateLimit } };
  }

  configure(patch: ConfigPatch): RuntimeConfig {
    const next: RuntimeConfig = { ...this.config };
    if (patch.sameKeyWindowMs !== undefined) next.sameKeyWindowMs = patch.sameKeyWindowMs;
    if (patch.keyLifetimeMs !== undefined) next.keyLifetimeMs = patch.keyLifetimeMs;
    if (patch.reissueAfterExpiry !== undefined) next.reissueAfterExpiry = patch.reissueAfterExpiry;
    if (patch.rateLimit !== undefined) next.rateLimit = patch.rateLimit;
    if (patch.errorHttpStatus !== undefined) next.errorHttpStatus = patch.errorHttpStatus;
    if (patch.latencyMs !== undefined) next.latencyMs = patch.latencyMs;
    if (patch.rateLimit !== undefined) this.rateLimiter.reset();
    this.config = next;
    return this.currentConfig();
  }

  /** Runs an API request against the real state, counting and persisting what it issued. */
  process(fields: ApiFields): ApiOutcome {
    const outcome = runApiMethod(fields, this.context(this.store));
    if (outcome.issuedFor.length > 0) {
      for (const label of outcome.issuedFor) this.counters.countKeyIssued(label);
      this.persist();
    }
    return outcome;
  }

  /**
   * What the request WOULD answer, computed on a copy of the state. A faulted request must not
   * change state, yet a truncated answer should still be a real answer cut short.
   */
  preview(fields: ApiFields): ApiOutcome {
    return runApiMethod(fields, this.context(this.store.clone()));
  }

  checkRateLimit(methodName: string | undefined): RateDecision {
    const limit = this.config.rateLimit;
    if (limit === null) return { allowed: true };
    return this.rateLimiter.check(methodName ?? "", this.clock.now(), limit);
  }

  /** Plays the dashboard's "Generate key": the new key replaces the site's key at once. */
  generateKey(request: GenerateKeyRequest): string {
    const website = normaliseWebsite(request.website);
    if (website === undefined) throw new DashboardInputError("website is not a valid URL");
    const product = resolveProductName(request.productName ?? "anti-spam");
    if (product === undefined) throw new DashboardInputError("productName is not a known product");
    const email = request.email.trim().toLowerCase();
    const site = this.store.issueKey(email, website, product, this.clock.now(), "dashboard", request.keyLength);
    this.counters.countDashboardKey();
    this.persist();
    return site.authKey;
  }

  addFault(spec: ParsedFaultSpec): QueuedFault {
    return this.faults.add(spec);
  }

  issued(): IssuedCredentialsView {
    return this.store.issuedCredentials();
  }

  sites(): SiteSummary[] {
    return this.store.listSites().map((site) => ({
      website: site.siteUrl,
      hostname: site.hostname,
      product: site.product,
      serviceId: site.serviceId,
      keyIssuedAt: new Date(site.keyIssuedAt).toISOString(),
      keySource: site.keySource,
      keyFingerprint: keyFingerprint(site.authKey),
    }));
  }

  /** Empty state, counters, faults, rate windows and clock offset; config is kept. */
  reset(): void {
    this.store = new AccountStore();
    this.counters.reset();
    this.faults.clear();
    this.rateLimiter.reset();
    this.clock.reset();
    this.persist();
  }

  private context(store: AccountStore): ApiContext {
    return {
      store,
      now: this.clock.now(),
      windows: {
        sameKeyWindowMs: this.config.sameKeyWindowMs,
        keyLifetimeMs: this.config.keyLifetimeMs,
        reissueAfterExpiry: this.config.reissueAfterExpiry,
      },
    };
  }

  private persist(): void {
    if (this.persistPath !== undefined) saveState(this.persistPath, this.store.toSnapshot());
  }
}
