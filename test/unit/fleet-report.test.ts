import { exitCodeOf, type FleetReport, renderJson, renderTable, sortRows } from "../../cli/fleet-report";
import type { KeyRow } from "../../cli/key-rows";
import { StatusError } from "../../cli/status-error";
import { DYNAMIC_TYPE, fakeFingerprint } from "../support/state-fixtures";

const generatedAt = new Date("2026-06-01T12:00:00.000Z");

function row(stack: string, resource: string, state: KeyRow["state"], daysLeft: number | null): KeyRow {
  return {
    stack,
    resource,
    urn: `urn:pulumi:s::p::${DYNAMIC_TYPE}::${resource}`,
    type: DYNAMIC_TYPE,
    hostnames: [`${resource}.example.org`],
    fingerprint: fakeFingerprint(resource),
    source: "provisioned",
    createdAt: "2025-06-01T12:00:00.000Z",
    rotateAfter: daysLeft === null ? null : "2026-05-02T12:00:00.000Z",
    expiresAt: daysLeft === null ? null : "2026-06-01T12:00:00.000Z",
    state,
    daysLeft,
    label: null,
  };
}

function report(rows: KeyRow[], extra: Partial<FleetReport> = {}): FleetReport {
  return { generatedAt, checked: false, rows: sortRows(rows), stacks: [{ stack: "a", keys: rows.length }], errors: [], ...extra };
}

describe("sortRows", () => {
  it("puts invalid, expired, due, then current first; within each the fewest days left, keys that never expire last", () => {
    const sorted = sortRows([
      row("a", "never", "current", null),
      row("a", "later", "current", 300),
      row("b", "soon", "current", 40),
      row("a", "due", "due", 20),
      row("a", "expired-long-ago", "expired", -90),
      row("a", "expired", "expired", -1),
      row("a", "refused", "invalid", 200),
      row("a", "due-sooner", "due", 2),
    ]);
    expect(sorted.map((r) => r.resource)).toEqual(["refused", "expired-long-ago", "expired", "due-sooner", "due", "soon", "later", "never"]);
  });

  it("breaks ties by stack, then resource name", () => {
    expect(sortRows([row("b", "x", "due", 5), row("a", "y", "due", 5), row("a", "x", "due", 5)]).map((r) => `${r.stack}/${r.resource}`)).toEqual([
      "a/x",
      "a/y",
      "b/x",
    ]);
  });
});

describe("exitCodeOf", () => {
  it("is 0 when every key is current, and when the stacks hold no keys", () => {
    expect(exitCodeOf(report([row("a", "k", "current", 100)]))).toBe(0);
    expect(exitCodeOf(report([]))).toBe(0);
  });

  it.each(["due", "expired", "invalid"] as const)("is 1 when a key is %s", (state) => {
    expect(exitCodeOf(report([row("a", "ok", "current", 100), row("a", "k", state, 1)]))).toBe(1);
  });

  it("is 2 when anything could not be read, whatever the keys", () => {
    const unreadable = new StatusError("PASSPHRASE", "stack b: no passphrase");
    expect(
      exitCodeOf(
        report([row("a", "k", "expired", -1)], {
          stacks: [
            { stack: "a", keys: 1 },
            { stack: "b", error: unreadable },
          ],
        }),
      ),
    ).toBe(2);
    expect(exitCodeOf(report([], { errors: [new StatusError("NO_STACKS", "none")] }))).toBe(2);
    expect(exitCodeOf(report([{ ...row("a", "k", "current", 9), check: { status: "failed", code: "NETWORK", message: "down" } }]))).toBe(2);
  });
});

describe("renderTable", () => {
  it("aligns one line per key under the headers, then counts by state and names the stacks without keys", () => {
    const text = renderTable(
      report([row("organization/web/prod", "site", "expired", -3), row("organization/web/staging", "site", "current", 200)], {
        stacks: [
          { stack: "organization/web/prod", keys: 1 },
          { stack: "organization/web/staging", keys: 1 },
          { stack: "organization/web/empty", keys: 0 },
        ],
      }),
    );
    const lines = text.split("\n");
    expect(lines[0]).toMatch(/^STACK {21}RESOURCE {2}HOST NAMES {8}FINGERPRINT {5}SOURCE {7}CREATED {5}ROTATE AFTER {2}EXPIRES {5}STATE {4}DAYS LEFT$/);
    expect(lines[1]).toMatch(
      /^organization\/web\/prod {5}site {6}site\.example\.org {2}ctk_[0-9a-f]{10} {2}provisioned {2}2025-06-01 {2}2026-05-02 {4}2026-06-01 {2}expired {2}-3$/,
    );
    expect(lines.slice(3)).toEqual(["", "3 stacks, 2 keys: 1 expired, 1 current.", "No keys: organization/web/empty", ""]);
  });

  it("shows a dash for the dates of a key that never expires, and a CHECK column with --check", () => {
    const text = renderTable(report([{ ...row("a", "k", "current", null), check: { status: "valid" } }], { checked: true }));
    expect(text.split("\n")[0]).toMatch(/DAYS LEFT {2}CHECK$/);
    expect(text.split("\n")[1]).toMatch(/ - {2,}- {2,}current {2,}- +valid$/);
  });

  it("says so when there is nothing to list", () => {
    expect(renderTable(report([], { stacks: [{ stack: "a", keys: 0 }] }))).toBe("1 stack, 0 keys.\nNo keys: a\n");
  });
});

describe("renderJson", () => {
  it("is a document scripts can rely on: summary, keys with nulls for absent values, stacks with their errors", () => {
    const failed = new StatusError("PASSPHRASE", "stack b: no passphrase", "set it");
    const document = JSON.parse(
      renderJson(
        report([row("a", "k", "due", 3), row("a", "n", "current", null)], {
          stacks: [
            { stack: "a", keys: 2 },
            { stack: "b", error: failed },
          ],
        }),
      ),
    );
    expect(document).toEqual({
      generatedAt: "2026-06-01T12:00:00.000Z",
      checked: false,
      exitCode: 2,
      summary: { stacks: 2, keys: 2, invalid: 0, expired: 0, due: 1, current: 1 },
      keys: [
        expect.objectContaining({ resource: "k", state: "due", daysLeft: 3 }),
        expect.objectContaining({ resource: "n", expiresAt: null, daysLeft: null }),
      ],
      stacks: [
        { stack: "a", keys: 2 },
        { stack: "b", error: { code: "PASSPHRASE", message: "PASSPHRASE: stack b: no passphrase Fix: set it" } },
      ],
      errors: [],
    });
  });
});
