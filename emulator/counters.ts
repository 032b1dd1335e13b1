import { isApiMethod } from "./api-methods";
import type { EmulatorCounters } from "./control-schemas";

/**
 * What tests assert on: how many requests arrived and how many keys were handed out. Labels
 * carry site URL and product only, never an email.
 */
export class Counters {
  private requests = new Map<string, number>();
  private keysIssued = new Map<string, number>();
  private dashboardKeys = 0;
  private faultsInjected = 0;
  private rateLimited = 0;

  /** Unknown names share one "other" bucket so arbitrary input cannot grow the map. */
  countRequest(methodName: string | undefined): void {
    const bucket = isApiMethod(methodName) ? methodName : "other";
    this.requests.set(bucket, (this.requests.get(bucket) ?? 0) + 1);
  }

  countKeyIssued(siteLabel: string): void {
    this.keysIssued.set(siteLabel, (this.keysIssued.get(siteLabel) ?? 0) + 1);
  }

  countDashboardKey(): void {
    this.dashboardKeys++;
  }

  countFault(): void {
    this.faultsInjected++;
  }

  countRateLimited(): void {
    this.rateLimited++;
  }

  reset(): void {
    this.requests = new Map();
    this.keysIssued = new Map();
    this.dashboardKeys = 0;
    this.faultsInjected = 0;
    this.rateLimited = 0;
  }

  snapshot(): EmulatorCounters {
    const requests: Record<string, number> = { get_api_key: 0, notice_paid_till: 0 };
    let total = 0;
    for (const [name, n] of this.requests) {
      requests[name] = n;
      total += n;
    }
    requests.total = total;
    const keysIssued: Record<string, number> = {};
    let totalKeysIssued = 0;
    for (const [label, n] of this.keysIssued) {
      keysIssued[label] = n;
      totalKeysIssued += n;
    }
    return {
      requests,
      keysIssued,
      totalKeysIssued,
      dashboardKeys: this.dashboardKeys,
      faultsInjected: this.faultsInjected,
      rateLimited: this.rateLimited,
    };
  }
}
