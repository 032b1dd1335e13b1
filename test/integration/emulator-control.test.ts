import { createHash } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { request } from "undici";
import { dataBodySchema, EmulatorControl, EmulatorControlError, issuedKeyDataSchema, type RunningEmulator, startEmulator } from "../../emulator";
import { keyFingerprint } from "../../emulator/credentials";
import { expectShape } from "../support/emulator-expect";
import { callApi, uniqueSite } from "../support/emulator-http";

const issuedBody = dataBodySchema(issuedKeyDataSchema);

describe("emulator control surface", () => {
  let emulator: RunningEmulator;
  let control: EmulatorControl;

  beforeAll(async () => {
    emulator = await startEmulator();
    control = new EmulatorControl(`${emulator.controlUrl}/`);
  });
  beforeEach(() => control.reset());
  afterAll(() => emulator.stop());

  it("issues 200 distinct keys for 200 parallel first calls", async () => {
    const sites = Array.from({ length: 200 }, () => uniqueSite("parallel"));
    const answers = await Promise.all(sites.map(({ email, website }) => callApi(emulator.url, { method_name: "get_api_key", email, website })));
    const keys = answers.map((answer) => expectShape(issuedBody, answer.json).data.auth_key);
    expect(new Set(keys).size).toBe(200);
    const counters = await control.counters();
    expect(counters.totalKeysIssued).toBe(200);
    expect(counters.requests.get_api_key).toBe(200);
    expect(Object.keys(counters.keysIssued)).toHaveLength(200);
    expect((await control.issued()).authKeys.sort()).toEqual([...keys].sort());
  });

  it("reports counters by site label without emails, and lists every credential ever issued", async () => {
    const { email, website, hostname } = uniqueSite("count");
    const issued = expectShape(issuedBody, (await callApi(emulator.url, { method_name: "get_api_key", email, website })).json).data;
    await callApi(emulator.url, { method_name: "get_api_key", email, website });
    await callApi(emulator.url, { method_name: "notice_paid_till", auth_key: issued.auth_key, path_to_cms: hostname });
    await callApi(emulator.url, { method_name: "spam_check" });
    const dashboardKey = await control.generateKey({ email, website, productName: "antispam" });

    const counters = await control.counters();
    expect(counters).toEqual({
      requests: { get_api_key: 2, notice_paid_till: 1, other: 1, total: 4 },
      keysIssued: { [`${hostname}|anti-spam`]: 1 },
      totalKeysIssued: 1,
      dashboardKeys: 1,
      faultsInjected: 0,
      rateLimited: 0,
    });
    expect(JSON.stringify(counters)).not.toContain("@");

    const credentials = await control.issued();
    expect(credentials).toEqual({
      authKeys: [issued.auth_key, dashboardKey],
      userTokens: [issued.user_token],
      passwordHashes: [issued.password_hash],
    });

    const sites = await control.sites();
    expect(sites).toEqual([
      {
        website: hostname,
        hostname,
        product: "anti-spam",
        serviceId: issued.service_id,
        keyIssuedAt: expect.any(String),
        keySource: "dashboard",
        // Keyed with a secret of the emulator process: an unkeyed digest of a short key could be
        // searched back to it. The in-process emulator shares this module, so the test can recompute it.
        keyFingerprint: keyFingerprint(dashboardKey),
      },
    ]);
    expect(sites[0]?.keyFingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(sites[0]?.keyFingerprint).not.toBe(createHash("sha256").update(dashboardKey).digest("hex").slice(0, 8));
    expect(sites[0]?.keyFingerprint).not.toBe(keyFingerprint(issued.auth_key));
    const raw = JSON.stringify(sites);
    for (const secret of [issued.auth_key, dashboardKey, issued.user_token, issued.password_hash, email]) {
      expect(raw).not.toContain(secret);
    }
  });

  it("the dashboard can create a site that the API then treats as existing", async () => {
    const { email, website, hostname } = uniqueSite("dash");
    const key = await control.generateKey({ email, website, productName: "security" });
    const again = await callApi(emulator.url, { method_name: "get_api_key", email, website, product_name: "security" });
    expect(again.json).toEqual({ data: { auth_key: key, user_token: expect.any(String) } });
    const valid = await callApi(emulator.url, { method_name: "notice_paid_till", auth_key: key, path_to_cms: hostname, product_id: "4" });
    expect(valid.json).toMatchObject({ data: { valid: 1 } });
    expect((await control.counters()).totalKeysIssued).toBe(0);
    await expect(control.generateKey({ email, website: "ftp://nope", productName: "security" })).rejects.toMatchObject({ status: 400 });
  });

  it("sets and advances the clock, which drives phases and expiry (no new key by default)", async () => {
    // A frozen base clock makes the window edges exact; only the control surface moves time.
    const frozen = await startEmulator({ now: () => 0, sameKeyWindowMs: 60_000, keyLifetimeMs: 3_600_000 });
    const frozenControl = new EmulatorControl(frozen.url);
    try {
      const start = await frozenControl.setClock("2030-01-01T00:00:00.000Z");
      expect(start.now).toBe("2030-01-01T00:00:00.000Z");
      const { email, website, hostname } = uniqueSite("clock");
      const fields = { method_name: "get_api_key", email, website };
      const notice = { method_name: "notice_paid_till", path_to_cms: hostname };
      const first = expectShape(issuedBody, (await callApi(frozen.url, fields)).json).data;
      expect((await frozenControl.sites())[0]?.keyIssuedAt).toBe("2030-01-01T00:00:00.000Z");
      await frozenControl.advanceClock(59_999);
      expect((await callApi(frozen.url, fields)).json).toMatchObject({ data: { auth_key: first.auth_key } });
      await frozenControl.advanceClock(1);
      expect((await callApi(frozen.url, fields)).json).toEqual({ data: { account_exists: 1 } });
      const later = await frozenControl.setClock(new Date("2030-01-01T00:59:59.999Z"));
      expect(later.nowMs).toBe(Date.parse("2030-01-01T00:59:59.999Z"));
      expect((await callApi(frozen.url, fields)).json).toEqual({ data: { account_exists: 1 } });
      expect((await callApi(frozen.url, { ...notice, auth_key: first.auth_key })).json).toMatchObject({ data: { valid: 1, renew: 0 } });
      await frozenControl.advanceClock(1);
      // Expired: the key stops validating, and get_api_key still hands out no new key.
      expect((await callApi(frozen.url, { ...notice, auth_key: first.auth_key })).json).toMatchObject({ data: { valid: 0, renew: 1 } });
      expect((await callApi(frozen.url, fields)).json).toEqual({ data: { account_exists: 1 } });
      expect((await frozenControl.counters()).totalKeysIssued).toBe(1);
      expect((await frozenControl.clock()).offsetMs).toBe(Date.parse("2030-01-01T01:00:00.000Z"));
    } finally {
      await frozen.stop();
    }
  });

  it("with reissueAfterExpiry switched on through the control surface (an assumption CleanTalk does not document), the clock's expiry reissues", async () => {
    const frozen = await startEmulator({ now: () => 0, sameKeyWindowMs: 60_000, keyLifetimeMs: 3_600_000 });
    const frozenControl = new EmulatorControl(frozen.url);
    try {
      expect((await frozenControl.config()).reissueAfterExpiry).toBe(false);
      expect((await frozenControl.configure({ reissueAfterExpiry: true })).reissueAfterExpiry).toBe(true);
      await frozenControl.setClock("2030-01-01T00:00:00.000Z");
      const { email, website } = uniqueSite("clock");
      const fields = { method_name: "get_api_key", email, website };
      const first = expectShape(issuedBody, (await callApi(frozen.url, fields)).json).data;
      await frozenControl.setClock(new Date("2030-01-01T00:59:59.999Z"));
      expect((await callApi(frozen.url, fields)).json).toEqual({ data: { account_exists: 1 } });
      await frozenControl.advanceClock(1);
      const renewed = expectShape(issuedBody, (await callApi(frozen.url, fields)).json).data;
      expect(renewed.auth_key).not.toBe(first.auth_key);
      expect(renewed.service_id).toBe(first.service_id);
      expect((await frozenControl.counters()).totalKeysIssued).toBe(2);
    } finally {
      await frozen.stop();
    }
  });

  it("reset empties state, counters, faults and the clock offset but keeps config", async () => {
    const { email, website } = uniqueSite("reset");
    await callApi(emulator.url, { method_name: "get_api_key", email, website });
    await control.injectFault({ kind: "status", status: 500, fraction: 0.5 });
    await control.advanceClock(1_000_000);
    await control.configure({ latencyMs: 1 });
    await control.reset();
    expect(await control.issued()).toEqual({ authKeys: [], userTokens: [], passwordHashes: [] });
    expect(await control.sites()).toEqual([]);
    expect(await control.faults()).toEqual([]);
    expect((await control.clock()).offsetMs).toBe(0);
    expect((await control.counters()).requests.total).toBe(0);
    expect((await control.config()).latencyMs).toBe(1);
    await control.configure({ latencyMs: 0 });
    // The site is new again.
    expectShape(issuedBody, (await callApi(emulator.url, { method_name: "get_api_key", email, website })).json);
  });

  it("validates control input and reports errors with a branded error", async () => {
    const error = await control.configure({ rateLimit: { calls: 0, windowMs: 1 } }).catch((e: unknown) => e);
    expect(EmulatorControlError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "CONTROL_HTTP_ERROR", status: 400 });
    await expect(control.setClock("not a date")).rejects.toMatchObject({ status: 400 });
    const unknown = await request(`${emulator.controlUrl}/nope`);
    expect(unknown.statusCode).toBe(404);
    await unknown.body.dump();
    const wrongMethod = await request(`${emulator.controlUrl}/counters`, { method: "DELETE" });
    expect(wrongMethod.statusCode).toBe(405);
    await wrongMethod.body.dump();
    const notJson = await request(`${emulator.controlUrl}/config`, { method: "POST", body: "{" });
    expect(notJson.statusCode).toBe(400);
    await notJson.body.dump();
  });

  it("accepts the API base URL or the control URL", () => {
    expect(new EmulatorControl(emulator.url).controlUrl).toBe(emulator.controlUrl);
    expect(new EmulatorControl(`${emulator.controlUrl}//`).controlUrl).toBe(emulator.controlUrl);
  });
});

describe("emulator control client connections", () => {
  // A kept-alive socket goes stale when the caller's event loop is blocked past
  // the server's idle timeout (a benchmark packing the plugin synchronously),
  // and the next call on it fails with "other side closed". Each call has its own.
  it("opens one connection per call and asks the server to close it", async () => {
    const connectionHeaders: (string | undefined)[] = [];
    let connections = 0;
    const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
      connectionHeaders.push(req.headers.connection);
      res.setHeader("content-type", "application/json");
      res.end("{}");
    });
    server.on("connection", () => {
      connections++;
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const control = new EmulatorControl(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
      for (let call = 0; call < 3; call++) await control.reset();
      expect(connections).toBe(3);
      expect(connectionHeaders).toEqual(["close", "close", "close"]);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
