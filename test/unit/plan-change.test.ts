import type { RotationState } from "../../provider/domain/schedule";
import { type KeyChange, newlySuppliedSites, planChange, type ReplaceReason, suppliedKeyFor } from "../../provider/lifecycle/plan-change";
import type { KeyPlan, KeyRecord } from "../../provider/schema/stored-key";
import { DAY_MS, fakeKey, keyPlan, keyRecord, TestClock } from "../support/provider-fixtures";

const CREATED = "2025-03-01T00:00:00.000Z";
const SITE = "https://example.com";
const current = fakeKey("current");
const dashboard = fakeKey("dashboard");
const plan = keyPlan();

/** The key's age at plan time, with the default schedule (365d, due from day 335). */
const ages = { current: DAY_MS, due: 340 * DAY_MS, expired: 366 * DAY_MS } as const;

/** A stored key and the moment of the plan, for each state the key can be in. */
function keyIn(state: RotationState, recorded: RotationState = state === "expired" ? "due" : state === "due" ? "current" : state) {
  const clock = new TestClock(CREATED);
  const record = keyRecord(plan, { authKey: current, createdAt: CREATED, keyStatus: state === "invalid" ? "invalid" : "valid" });
  clock.advance(state === "invalid" ? ages.current : ages[state]);
  return { record: { ...record, details: { ...record.details, rotationState: recorded } }, now: clock.now() };
}

interface Expected {
  readonly replaces: readonly string[];
  readonly reason: ReplaceReason | undefined;
  readonly updates: readonly string[];
  readonly state: RotationState;
}

const none = (state: RotationState, ...updates: string[]): Expected => ({ replaces: [], reason: undefined, updates, state });
const replace = (state: RotationState, property: string, reason: ReplaceReason): Expected => ({ replaces: [property], reason, updates: [], state });

/** What the program changes, against the plan the key was created from. */
const edits: Readonly<Record<string, Partial<KeyPlan>>> = {
  "no new key": {},
  "a different authKey (string)": { authKey: dashboard },
  "a different authKey (per-site map)": { authKey: { [SITE]: dashboard } },
  "the same authKey": { authKey: current },
  "the same authKey as a map": { authKey: { [SITE]: current } },
  "triggers changed": { rotationTriggers: { leak: "2025-06-01" } },
  "identity changed": { email: "other@example.com" },
  "a setting changed": { label: "forms" },
  'maxAge "never"': { maxAgeMs: null, renewBeforeMs: 0 },
};

const table: [RotationState, string, Expected][] = [
  ["current", "no new key", none("current")],
  ["current", "a different authKey (string)", replace("current", "authKey", "adopt")],
  ["current", "a different authKey (per-site map)", replace("current", "authKey", "adopt")],
  ["current", "the same authKey", none("current")],
  ["current", "the same authKey as a map", none("current")],
  ["current", "triggers changed", replace("current", "rotationTriggers", "triggers")],
  ["current", "identity changed", replace("current", "email", "identity")],
  ["current", "a setting changed", none("current", "label")],
  ["current", 'maxAge "never"', none("current", "maxAge", "renewBefore")],

  // Due: never replaced by itself (CleanTalk's API would hand back the same key); the new state is recorded in place.
  ["due", "no new key", none("due", "rotationState")],
  ["due", "a different authKey (string)", replace("due", "authKey", "adopt")],
  ["due", "a different authKey (per-site map)", replace("due", "authKey", "adopt")],
  ["due", "the same authKey", none("due", "rotationState")],
  ["due", "the same authKey as a map", none("due", "rotationState")],
  ["due", "triggers changed", replace("due", "rotationTriggers", "triggers")],
  ["due", "identity changed", replace("due", "email", "identity")],
  ["due", "a setting changed", none("due", "label", "rotationState")],
  ["due", 'maxAge "never"', none("current", "maxAge", "renewBefore")],

  // Expired (recorded due at the last write): replaced; create asks the API first.
  ["expired", "no new key", replace("expired", "expiresAt", "expired")],
  ["expired", "a different authKey (string)", replace("expired", "authKey", "adopt")],
  ["expired", "a different authKey (per-site map)", replace("expired", "authKey", "adopt")],
  ["expired", "the same authKey", replace("expired", "expiresAt", "expired")],
  ["expired", "the same authKey as a map", replace("expired", "expiresAt", "expired")],
  ["expired", "triggers changed", replace("expired", "rotationTriggers", "triggers")],
  ["expired", "identity changed", replace("expired", "email", "identity")],
  ["expired", "a setting changed", replace("expired", "expiresAt", "expired")],
  ["expired", 'maxAge "never"', none("current", "maxAge", "renewBefore", "rotationState")],

  // Invalid (refresh found CleanTalk refuses it): replaced whatever its age, also while authKey is still the refused key.
  ["invalid", "no new key", replace("invalid", "keyStatus", "invalid")],
  ["invalid", "a different authKey (string)", replace("invalid", "authKey", "adopt")],
  ["invalid", "a different authKey (per-site map)", replace("invalid", "authKey", "adopt")],
  ["invalid", "the same authKey", replace("invalid", "keyStatus", "invalid")],
  ["invalid", "the same authKey as a map", replace("invalid", "keyStatus", "invalid")],
  ["invalid", "triggers changed", replace("invalid", "rotationTriggers", "triggers")],
  ["invalid", "identity changed", replace("invalid", "email", "identity")],
  ["invalid", "a setting changed", replace("invalid", "keyStatus", "invalid")],
  ["invalid", 'maxAge "never"', replace("invalid", "keyStatus", "invalid")],
];

function change(record: KeyRecord, next: KeyPlan, now: Date): Expected {
  const { replaces, reason, updates, state } = planChange(record, next, now);
  return { replaces, reason, updates, state };
}

describe("planChange: the rotation state machine", () => {
  it("the table covers every state with every kind of change", () => {
    for (const state of ["current", "due", "expired", "invalid"] as const) {
      expect(table.filter(([s]) => s === state).map(([, edit]) => edit)).toEqual(Object.keys(edits));
    }
  });

  it.each(table)("state %s, %s → %j", (state, edit, expected) => {
    const { record, now } = keyIn(state);
    expect(change(record, { ...plan, ...edits[edit] }, now)).toEqual(expected);
  });

  it("a due key whose state is already recorded is no change at all", () => {
    const { record, now } = keyIn("due", "due");
    expect(change(record, plan, now)).toEqual(none("due"));
  });

  it("records the state as it moves: current → due at rotateAfter, due → expired at expiresAt, not a millisecond before", () => {
    const record = keyRecord(plan, { authKey: current, createdAt: CREATED });
    const clock = new TestClock(CREATED);
    clock.advance(335 * DAY_MS - 1);
    expect(change(record, plan, clock.now())).toEqual(none("current"));
    clock.advance(1);
    expect(change(record, plan, clock.now())).toEqual(none("due", "rotationState"));
    const due = { ...record, details: { ...record.details, rotationState: "due" as const } };
    clock.set(new Date(Date.parse(CREATED) + 365 * DAY_MS - 1));
    expect(change(due, plan, clock.now())).toEqual(none("due"));
    clock.advance(1);
    expect(change(due, plan, clock.now())).toEqual(replace("expired", "expiresAt", "expired"));
  });

  it("a shortened maxAge that makes the key expired replaces it; one that makes it due updates in place", () => {
    const { record, now } = keyIn("current");
    const later = new Date(now.getTime() + 99 * DAY_MS); // 100 days old
    expect(change(record, { ...plan, maxAgeMs: 90 * DAY_MS, renewBeforeMs: 22 * DAY_MS + DAY_MS / 2 }, later)).toEqual(
      replace("expired", "expiresAt", "expired"),
    );
    // 110d with the default renewBefore (a quarter: 27.5d) is due from day 82.5.
    expect(change(record, { ...plan, maxAgeMs: 110 * DAY_MS, renewBeforeMs: 27.5 * DAY_MS }, later)).toEqual(
      none("due", "maxAge", "renewBefore", "rotationState"),
    );
  });

  it("a lengthened maxAge takes a due key back to current, recorded in place", () => {
    const { record, now } = keyIn("due", "due");
    expect(change(record, { ...plan, maxAgeMs: 400 * DAY_MS }, now)).toEqual(none("current", "maxAge", "rotationState"));
  });

  it("returns the schedule of the key in use under the planned settings", () => {
    const { record, now } = keyIn("current");
    expect(planChange(record, { ...plan, maxAgeMs: 10 * DAY_MS, renewBeforeMs: 2 * DAY_MS }, now).schedule).toEqual({
      expiresAt: new Date("2025-03-11T00:00:00.000Z"),
      rotateAfter: new Date("2025-03-09T00:00:00.000Z"),
    });
    expect(planChange(record, { ...plan, maxAgeMs: null, renewBeforeMs: 0 }, now).schedule).toBeUndefined();
  });

  describe("identity", () => {
    it.each([
      ["email", { email: "other@example.com" }],
      ["website", { website: ["https://other.example.com"] }],
      ["website", { website: ["https://example.com", "https://b.example.com"] }],
      ["productName", { productName: "security" as const }],
    ])("replaces on a %s change", (property, edit) => {
      const { record, now } = keyIn("current");
      expect(change(record, { ...plan, ...edit }, now)).toEqual(replace("current", property, "identity"));
    });

    it("names every identity field that changed, and wins over every other reason", () => {
      const { record, now } = keyIn("invalid");
      const next = { ...plan, email: "x@example.com", productName: "doboard" as const, rotationTriggers: { a: "1" }, authKey: dashboard };
      expect(planChange(record, next, now)).toMatchObject({ replaces: ["email", "productName"], reason: "identity", updates: [] });
    });
  });

  describe("rotationTriggers", () => {
    it("any change replaces: an entry added, changed or removed", () => {
      const triggered = keyPlan({ rotationTriggers: { leak: "1" } });
      const record = keyRecord(triggered, { authKey: current, createdAt: CREATED });
      const now = new Date(Date.parse(CREATED) + DAY_MS);
      for (const rotationTriggers of [{ leak: "2" }, { leak: "1", contractor: "bob" }, {}]) {
        expect(change(record, { ...triggered, rotationTriggers }, now)).toEqual(replace("current", "rotationTriggers", "triggers"));
      }
    });

    it("the same triggers in another key order are no change", () => {
      const triggered = keyPlan({ rotationTriggers: { a: "1", b: "2" } });
      const record = keyRecord(triggered, { authKey: current, createdAt: CREATED });
      expect(change(record, { ...triggered, rotationTriggers: { b: "2", a: "1" } }, new Date(Date.parse(CREATED) + DAY_MS))).toEqual(none("current"));
    });

    it("win over a supplied key: the replacement is for the triggers", () => {
      const { record, now } = keyIn("current");
      expect(change(record, { ...plan, rotationTriggers: { leak: "1" }, authKey: dashboard }, now)).toEqual(replace("current", "rotationTriggers", "triggers"));
    });
  });

  describe("settings in place", () => {
    it.each([
      ["label", { label: "new label" }],
      ["maxAge", { maxAgeMs: 200 * DAY_MS }],
      ["renewBefore", { renewBeforeMs: 10 * DAY_MS }],
      ["platform", { platform: "wordpress" }],
    ])("updates %s in place", (name, edit) => {
      const { record, now } = keyIn("current");
      expect(change(record, { ...plan, ...edit }, now)).toEqual(none("current", name));
    });

    it("removing a label is an in-place change too", () => {
      const labelled = keyPlan({ label: "old" });
      const record = keyRecord(labelled, { authKey: current, createdAt: CREATED });
      expect(change(record, plan, new Date(Date.parse(CREATED) + DAY_MS))).toEqual(none("current", "label"));
    });

    it("names every setting that changed, in a fixed order", () => {
      const { record, now } = keyIn("current");
      expect(change(record, { ...plan, label: "x", platform: "joomla3", maxAgeMs: 300 * DAY_MS, renewBeforeMs: 20 * DAY_MS }, now).updates).toEqual([
        "platform",
        "maxAge",
        "renewBefore",
        "label",
      ]);
    });
  });

  describe("supplied keys for a multi-site key", () => {
    const a = "https://a.example.com";
    const b = "https://b.example.com";
    const keyA = fakeKey("site-a");
    const multi = keyPlan({ website: [a, b] });
    /** A key CleanTalk answered in part: a has its key, b is pending. */
    const partial: KeyRecord = (() => {
      const record = keyRecord(multi, { authKey: keyA, createdAt: CREATED });
      return {
        ...record,
        credentials: { ...record.credentials, sites: { [a]: { hostname: "a.example.com", authKey: keyA } } },
        details: { ...record.details, pendingSites: [b] },
      };
    })();
    const now = new Date(Date.parse(CREATED) + DAY_MS);

    it("keys supplied only for pending sites are added in place (authKey update)", () => {
      expect(change(partial, { ...multi, authKey: { [b]: dashboard } }, now)).toEqual(none("current", "authKey"));
      // The key a already has, repeated next to b's, supplies nothing new for a.
      expect(change(partial, { ...multi, authKey: { [a]: keyA, [b]: dashboard } }, now)).toEqual(none("current", "authKey"));
      // One string for every site that equals a's key supplies it only for b.
      expect(change(partial, { ...multi, authKey: keyA }, now)).toEqual(none("current", "authKey"));
    });

    it("a key for a site that already has one replaces the whole key (adopt)", () => {
      expect(change(partial, { ...multi, authKey: { [a]: dashboard } }, now)).toEqual(replace("current", "authKey", "adopt"));
      expect(change(partial, { ...multi, authKey: { [a]: dashboard, [b]: fakeKey("b") } }, now)).toEqual(replace("current", "authKey", "adopt"));
      expect(change(partial, { ...multi, authKey: dashboard }, now)).toEqual(replace("current", "authKey", "adopt"));
    });

    it("a complete multi-site key: a new key for any site replaces, the same keys are no change", () => {
      const keyB = fakeKey("site-b");
      const complete: KeyRecord = {
        ...partial,
        credentials: { ...partial.credentials, sites: { ...partial.credentials.sites, [b]: { hostname: "b.example.com", authKey: keyB } } },
        details: { ...partial.details, pendingSites: [] },
      };
      expect(change(complete, { ...multi, authKey: { [a]: keyA, [b]: keyB } }, now)).toEqual(none("current"));
      expect(change(complete, { ...multi, authKey: { [b]: keyB } }, now)).toEqual(none("current"));
      expect(change(complete, { ...multi, authKey: { [a]: keyA, [b]: dashboard } }, now)).toEqual(replace("current", "authKey", "adopt"));
    });

    it("filling a pending site of a due key records both", () => {
      const dueNow = new Date(Date.parse(CREATED) + ages.due);
      expect(change(partial, { ...multi, authKey: { [b]: dashboard } }, dueNow)).toEqual(none("due", "authKey", "rotationState"));
    });
  });

  it("is a pure function of its arguments: same answer twice, nothing mutated", () => {
    const { record, now } = keyIn("due");
    const before = JSON.stringify(record);
    const first: KeyChange = planChange(record, plan, now);
    expect(planChange(record, plan, now)).toEqual(first);
    expect(JSON.stringify(record)).toBe(before);
  });
});

describe("suppliedKeyFor / newlySuppliedSites", () => {
  const a = "https://a.example.com";
  const b = "https://b.example.com";

  it("one string is every site's key; a map gives each listed site its own", () => {
    expect(suppliedKeyFor({ authKey: dashboard }, a)).toBe(dashboard);
    expect(suppliedKeyFor({ authKey: { [a]: dashboard } }, a)).toBe(dashboard);
    expect(suppliedKeyFor({ authKey: { [a]: dashboard } }, b)).toBeUndefined();
    expect(suppliedKeyFor({}, a)).toBeUndefined();
  });

  it("lists the sites whose supplied key differs from the one in use, in website order", () => {
    const record = keyRecord(keyPlan({ website: [a, b] }), { authKey: current });
    expect(newlySuppliedSites(record, {})).toEqual([]);
    expect(newlySuppliedSites(record, { authKey: current })).toEqual([]);
    expect(newlySuppliedSites(record, { authKey: dashboard })).toEqual([a, b]);
    expect(newlySuppliedSites(record, { authKey: { [b]: dashboard, [a]: current } })).toEqual([b]);
  });
});
