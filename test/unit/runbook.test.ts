import { AUTH_KEY_CONFIG, adoptSteps, DASHBOARD_STEP, dueNotice } from "../../provider/domain/runbook";
import { fakeKey } from "../support/provider-fixtures";

describe("adoptSteps", () => {
  it("one site: generate in the dashboard, store it as a secret, pass it and run up", () => {
    const steps = adoptSteps(["example.com"]);
    expect(steps).toEqual([
      DASHBOARD_STEP,
      "pulumi config set --secret cleantalkAuthKey <new key>",
      'Pass it to the resource (authKey: config.requireSecret("cleantalkAuthKey")) and run `pulumi up` right away, so consumers get the new key.',
    ]);
    expect(AUTH_KEY_CONFIG).toBe("cleantalkAuthKey");
    expect(adoptSteps([])).toEqual(steps);
  });

  it("several sites: a key per site, passed as a map from site URL to key", () => {
    const steps = adoptSteps(["a.example.com", "b.example.com"]);
    expect(steps).toHaveLength(3);
    expect(steps[0]).toBe(`${DASHBOARD_STEP} Do it for each of a.example.com, b.example.com.`);
    expect(steps[1]).toContain("pulumi config set --secret <name> <new key>");
    expect(steps[2]).toContain('authKey: { "https://site.example": config.requireSecret("<name>")');
  });

  it("the dashboard step names the menu path and says the old key stops at once", () => {
    expect(DASHBOARD_STEP).toContain('"Settings" → "Change the Access key" → "Generate key"');
    expect(DASHBOARD_STEP).toContain("https://cleantalk.org/my");
    expect(DASHBOARD_STEP).toContain("stops working at once");
  });
});

describe("dueNotice", () => {
  const subject = { resource: "site-key", hostnames: ["example.com"], fingerprint: "ctk_0123456789", expiresAt: "2026-03-01T00:00:00.000Z", daysLeft: 12 };

  it("names the resource, host names, fingerprint, days left and the date, code first", () => {
    const text = dueNotice(subject);
    expect(text.split("\n")[0]).toBe(
      "KEY_DUE: the CleanTalk key of 'site-key' for example.com (ctk_0123456789) expires in 12 days, on 2026-03-01; " +
        "CleanTalk issues a new key for an existing site only from its dashboard.",
    );
  });

  it("gives the dashboard steps and the exact command to adopt the new key, numbered", () => {
    expect(dueNotice(subject).split("\n").slice(1)).toEqual(["Fix:", ...adoptSteps(["example.com"]).map((step, i) => `  ${i + 1}. ${step}`)]);
    expect(dueNotice(subject)).toContain("  2. pulumi config set --secret cleantalkAuthKey <new key>");
  });

  it("says '1 day' for the last day, and leaves the resource out when unknown", () => {
    expect(dueNotice({ ...subject, daysLeft: 1 })).toContain("expires in 1 day, on");
    const anonymous = dueNotice({ ...subject, resource: undefined });
    expect(anonymous.startsWith("KEY_DUE: the CleanTalk key for example.com (ctk_0123456789)")).toBe(true);
  });

  it("for several sites names each host and gives the per-site steps", () => {
    const text = dueNotice({ ...subject, hostnames: ["a.example.com", "b.example.com"] });
    expect(text).toContain("for a.example.com, b.example.com (ctk_0123456789)");
    expect(text).toContain("Do it for each of a.example.com, b.example.com.");
  });

  it("never carries a key: only the fingerprint and host names it was given", () => {
    const key = fakeKey("due");
    const text = dueNotice(subject);
    expect(text).not.toContain(key);
    expect(text).not.toMatch(/@/);
    // No token shaped like an Access key (8–15 lowercase letters and digits, mixing both).
    expect(text.match(/\b(?=[a-z0-9]*\d)(?=[a-z0-9]*[a-z])[a-z0-9]{8,15}\b/g) ?? []).toEqual([]);
  });
});
