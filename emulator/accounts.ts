import { generateAuthKey, generatePasswordHash, generateServiceId, generateUserToken } from "./credentials";
import type { ProductName } from "./products";
import type { Account, IssuedCredentials, KeySource, Site, StateSnapshot } from "./state-schema";
import type { NormalisedWebsite } from "./website";

/**
 * Accounts and their sites: the emulator's model of CleanTalk's database.
 *
 * Accounts are keyed by lowercase email; sites by (email, normalised website, product), the
 * granularity at which CleanTalk hands out one Access key. Only each site's CURRENT key is
 * indexed, so a key replaced by a rotation stops resolving at once.
 */
export class AccountStore {
  private readonly accounts = new Map<string, Account>();
  private readonly sites = new Map<string, Site>();
  private readonly sitesByKey = new Map<string, Site>();
  private readonly serviceIds = new Set<number>();
  /** Every key ever issued, so a new key never repeats a replaced one. */
  private readonly everIssuedKeys = new Set<string>();
  private readonly issued: IssuedCredentials = { authKeys: [], userTokens: [], passwordHashes: [] };

  static fromSnapshot(snapshot: StateSnapshot): AccountStore {
    const store = new AccountStore();
    for (const account of snapshot.accounts) store.accounts.set(account.email, { ...account });
    for (const saved of snapshot.sites) {
      const site = { ...saved };
      store.sites.set(siteMapKey(site.email, site.siteUrl, site.product), site);
      store.sitesByKey.set(site.authKey, site);
      store.serviceIds.add(site.serviceId);
    }
    store.issued.authKeys.push(...snapshot.issued.authKeys);
    for (const key of snapshot.issued.authKeys) store.everIssuedKeys.add(key);
    store.issued.userTokens.push(...snapshot.issued.userTokens);
    store.issued.passwordHashes.push(...snapshot.issued.passwordHashes);
    return store;
  }

  toSnapshot(): StateSnapshot {
    return {
      version: 1,
      accounts: [...this.accounts.values()].map((account) => ({ ...account })),
      sites: [...this.sites.values()].map((site) => ({ ...site })),
      issued: this.issuedCredentials(),
    };
  }

  /** Deep copy, used to answer a faulted request realistically without touching real state. */
  clone(): AccountStore {
    return AccountStore.fromSnapshot(this.toSnapshot());
  }

  findAccount(email: string): Account | undefined {
    return this.accounts.get(email);
  }

  /** The account for `email`, created (with fresh account credentials) if absent. */
  ensureAccount(email: string, now: number): Account {
    const existing = this.accounts.get(email);
    if (existing !== undefined) return existing;
    const account: Account = {
      email,
      userToken: generateUserToken(),
      passwordHash: generatePasswordHash(),
      createdAt: now,
    };
    this.accounts.set(email, account);
    this.issued.userTokens.push(account.userToken);
    this.issued.passwordHashes.push(account.passwordHash);
    return account;
  }

  findSite(email: string, siteUrl: string, product: ProductName): Site | undefined {
    return this.sites.get(siteMapKey(email, siteUrl, product));
  }

  /** The site whose CURRENT key is `authKey`; replaced keys resolve to nothing. */
  siteForKey(authKey: string): Site | undefined {
    return this.sitesByKey.get(authKey);
  }

  /**
   * Issues a new key for the site, creating site (and account) when absent. The previous key,
   * if any, stops resolving.
   */
  issueKey(email: string, website: NormalisedWebsite, product: ProductName, now: number, source: KeySource, keyLength?: number): Site {
    this.ensureAccount(email, now);
    const authKey = this.uniqueAuthKey(keyLength);
    const mapKey = siteMapKey(email, website.siteUrl, product);
    let site = this.sites.get(mapKey);
    if (site === undefined) {
      site = {
        email,
        siteUrl: website.siteUrl,
        hostname: website.hostname,
        product,
        serviceId: this.uniqueServiceId(),
        authKey,
        keyIssuedAt: now,
        keySource: source,
      };
      this.sites.set(mapKey, site);
    } else {
      this.sitesByKey.delete(site.authKey);
      site.authKey = authKey;
      site.keyIssuedAt = now;
      site.keySource = source;
    }
    this.sitesByKey.set(authKey, site);
    this.issued.authKeys.push(authKey);
    this.everIssuedKeys.add(authKey);
    return site;
  }

  listSites(): readonly Readonly<Site>[] {
    return [...this.sites.values()];
  }

  issuedCredentials(): IssuedCredentials {
    return {
      authKeys: [...this.issued.authKeys],
      userTokens: [...this.issued.userTokens],
      passwordHashes: [...this.issued.passwordHashes],
    };
  }

  // Collisions are astronomically unlikely (36^13 keys) but a duplicate would silently make two
  // sites share a key, so check; the bound keeps a broken generator from looping forever.
  private uniqueAuthKey(length?: number): string {
    for (let attempt = 0; attempt < 16; attempt++) {
      const key = generateAuthKey(length);
      if (!this.everIssuedKeys.has(key)) return key;
    }
    throw new Error("could not generate a unique auth_key");
  }

  private uniqueServiceId(): number {
    for (let attempt = 0; attempt < 16; attempt++) {
      const id = generateServiceId();
      if (!this.serviceIds.has(id)) {
        this.serviceIds.add(id);
        return id;
      }
    }
    throw new Error("could not generate a unique service_id");
  }
}

// NUL cannot occur in an email or a normalised URL, so the parts cannot run together.
function siteMapKey(email: string, siteUrl: string, product: ProductName): string {
  return `${email}\u0000${siteUrl}\u0000${product}`;
}

/** Counter label for a site: normalised URL and product, deliberately without the email. */
export function siteLabel(site: Pick<Site, "siteUrl" | "product">): string {
  return `${site.siteUrl}|${site.product}`;
}
