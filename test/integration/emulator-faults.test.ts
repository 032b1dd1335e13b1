import { EmulatorControl, type RunningEmulator, startEmulator } from "../../emulator";
import { callApi, uniqueSite } from "../support/emulator-http";

function keyRequest() {
  const { email, website } = uniqueSite("fault");
  return { method_name: "get_api_key", email, website };
}

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return String((error as { code?: unknown }).code ?? (error as Error).name);
  }
  throw new Error("expected the request to fail");
}

describe("emulator faults", () => {
  let emulator: RunningEmulator;
  let control: EmulatorControl;

  beforeAll(async () => {
    emulator = await startEmulator();
    control = new EmulatorControl(emulator.url);
  });
  beforeEach(() => control.reset());
  afterAll(() => emulator.stop());

  it("status: the next N matching requests get the status and Retry-After, then normal answers", async () => {
    await control.injectFault({ kind: "status", status: 503, retryAfterSeconds: 7, count: 2 });
    const fields = keyRequest();
    for (let i = 0; i < 2; i++) {
      const answer = await callApi(emulator.url, fields);
      expect(answer.status).toBe(503);
      expect(answer.headers["retry-after"]).toBe("7");
      expect(answer.text).toBe("Service Unavailable");
    }
    expect(emulator.counters().totalKeysIssued).toBe(0);
    expect((await callApi(emulator.url, fields)).status).toBe(200);
    const counters = emulator.counters();
    expect(counters.faultsInjected).toBe(2);
    expect(counters.totalKeysIssued).toBe(1);
  });

  it("status: sends a JSON body when one is given", async () => {
    await control.injectFault({ kind: "status", status: 502, body: { message: "bad gateway" } });
    const answer = await callApi(emulator.url, keyRequest());
    expect(answer.status).toBe(502);
    expect(answer.json).toEqual({ message: "bad gateway" });
  });

  it("error: a 200 with an error body by default, or the given status", async () => {
    await control.injectFault({ kind: "error", errorNo: 403, errorMessage: "Service not available in your region." });
    await control.injectFault({ kind: "error", errorNo: 12, errorMessage: "Invalid key.", status: 401 });
    const first = await callApi(emulator.url, keyRequest());
    expect([first.status, first.json]).toEqual([200, { error_message: "Service not available in your region.", error_no: 403 }]);
    const second = await callApi(emulator.url, keyRequest());
    expect([second.status, second.json]).toEqual([401, { error_message: "Invalid key.", error_no: 12 }]);
    expect(emulator.counters().totalKeysIssued).toBe(0);
  });

  it("delay: answers normally after the delay", async () => {
    await control.injectFault({ kind: "delay", delayMs: 250 });
    const started = performance.now();
    const answer = await callApi(emulator.url, keyRequest());
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    expect(answer.status).toBe(200);
    expect(emulator.counters().totalKeysIssued).toBe(1);
  });

  it("reset: destroys the connection and issues nothing", async () => {
    await control.injectFault({ kind: "reset", methods: ["get_api_key"] });
    const fields = keyRequest();
    expect(await errorCode(callApi(emulator.url, fields))).toBe("UND_ERR_SOCKET");
    expect(emulator.counters().totalKeysIssued).toBe(0);
    expect((await callApi(emulator.url, fields)).json).toMatchObject({ data: { password_hash: expect.any(String) } });
  });

  it("hang: never answers; the client's timeout fires, and maxMs bounds it server-side", async () => {
    await control.injectFault({ kind: "hang", count: 2 });
    expect(await errorCode(callApi(emulator.url, keyRequest(), { headersTimeout: 150 }))).toBe("UND_ERR_HEADERS_TIMEOUT");
    await control.configure({}); // a control call still works while a request hangs
    await control.clearFaults();
    await control.injectFault({ kind: "hang", maxMs: 200 });
    const started = performance.now();
    expect(await errorCode(callApi(emulator.url, keyRequest(), { headersTimeout: 5_000 }))).toBe("UND_ERR_SOCKET");
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(emulator.counters().totalKeysIssued).toBe(0);
  });

  it("truncate: half a real JSON answer with the real status, and no state change", async () => {
    await control.injectFault({ kind: "truncate" });
    const answer = await callApi(emulator.url, keyRequest());
    expect(answer.status).toBe(200);
    expect(answer.json).toBeUndefined();
    expect(answer.text.startsWith('{"data":{"auth_key":"')).toBe(true);
    expect(emulator.counters().totalKeysIssued).toBe(0);
    expect(emulator.issued().authKeys).toEqual([]);

    await control.injectFault({ kind: "truncate", abortConnection: true });
    expect(await errorCode(callApi(emulator.url, keyRequest()))).toMatch(/^UND_ERR_(SOCKET|RES_CONTENT_LENGTH_MISMATCH)$/);
  });

  it("malformed: a non-JSON page", async () => {
    await control.injectFault({ kind: "malformed" });
    const answer = await callApi(emulator.url, keyRequest());
    expect(answer.status).toBe(200);
    expect(answer.headers["content-type"]).toMatch(/^text\/html/);
    expect(answer.json).toBeUndefined();
    expect(answer.text).toContain("502 Bad Gateway");
  });

  it("shape: valid JSON of an unexpected shape", async () => {
    await control.injectFault({ kind: "shape" });
    await control.injectFault({ kind: "shape", body: { foo: 1 } });
    expect((await callApi(emulator.url, keyRequest())).json).toEqual({ data: { auth_key: 123 } });
    expect((await callApi(emulator.url, keyRequest())).json).toEqual({ foo: 1 });
    expect(emulator.counters().totalKeysIssued).toBe(0);
  });

  it("trickle: the real body one byte at a time; a body timeout trips on it", async () => {
    await control.injectFault({ kind: "trickle", intervalMs: 2 });
    const started = performance.now();
    const answer = await callApi(emulator.url, keyRequest());
    expect(answer.json).toMatchObject({ data: { auth_key: expect.any(String) } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(answer.text.length * 2 * 0.8);

    // undici's body timer ticks at ~0.5-1 s resolution, so the gap must be well above that.
    await control.injectFault({ kind: "trickle", intervalMs: 2_500 });
    expect(await errorCode(callApi(emulator.url, keyRequest(), { bodyTimeout: 100 }))).toBe("UND_ERR_BODY_TIMEOUT");
  });

  it("after-commit-reset: issues the key, then drops the connection; a retry gets the same key", async () => {
    await control.injectFault({ kind: "after-commit-reset" });
    const fields = keyRequest();
    expect(await errorCode(callApi(emulator.url, fields))).toBe("UND_ERR_SOCKET");
    expect(emulator.counters().totalKeysIssued).toBe(1);
    const [issuedKey] = emulator.issued().authKeys;
    const retry = await callApi(emulator.url, fields);
    expect(retry.json).toEqual({ data: { auth_key: issuedKey, user_token: expect.any(String) } });
  });

  it("methods: a fault only hits the named methods", async () => {
    await control.injectFault({ kind: "status", status: 500, methods: ["notice_paid_till"] });
    expect((await callApi(emulator.url, keyRequest())).status).toBe(200);
    const notice = await callApi(emulator.url, { method_name: "notice_paid_till", auth_key: "x", path_to_cms: "x.test" });
    expect(notice.status).toBe(500);
  });

  it("fraction: hits roughly that share, reproducibly with a seed, and respects count", async () => {
    async function pattern(): Promise<boolean[]> {
      await control.reset();
      await control.injectFault({ kind: "status", status: 503, fraction: 0.5, seed: 42, methods: ["notice_paid_till"] });
      const hits: boolean[] = [];
      for (let i = 0; i < 40; i++) {
        const answer = await callApi(emulator.url, { method_name: "notice_paid_till", auth_key: "x", path_to_cms: "x.test" });
        hits.push(answer.status === 503);
      }
      return hits;
    }
    const first = await pattern();
    const hitCount = first.filter(Boolean).length;
    expect(hitCount).toBeGreaterThan(8);
    expect(hitCount).toBeLessThan(32);
    expect(await pattern()).toEqual(first);
    expect(emulator.counters().faultsInjected).toBe(hitCount);

    await control.reset();
    await control.injectFault({ kind: "status", status: 503, fraction: 1, count: 3 });
    await control.injectFault({ kind: "status", status: 500, fraction: 0 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await callApi(emulator.url, keyRequest())).status);
    expect(statuses).toEqual([503, 503, 503, 200, 200]);
    // fraction without count stays queued until cleared.
    expect((await control.faults()).map((fault) => fault.remaining)).toEqual([null]);
  });

  it("queues several faults in order and clears them", async () => {
    await control.injectFault({ kind: "status", status: 500 });
    await control.injectFault({ kind: "status", status: 502 });
    await control.injectFault({ kind: "status", status: 504 });
    expect((await callApi(emulator.url, keyRequest())).status).toBe(500);
    expect((await callApi(emulator.url, keyRequest())).status).toBe(502);
    await control.clearFaults();
    expect(await control.faults()).toEqual([]);
    expect((await callApi(emulator.url, keyRequest())).status).toBe(200);
  });

  it("global latencyMs delays every API request but not the control surface", async () => {
    await control.configure({ latencyMs: 100 });
    try {
      const started = performance.now();
      await callApi(emulator.url, keyRequest());
      expect(performance.now() - started).toBeGreaterThanOrEqual(95);
      const controlStarted = performance.now();
      await control.counters();
      expect(performance.now() - controlStarted).toBeLessThan(95);
    } finally {
      await control.configure({ latencyMs: 0 });
    }
  });

  it("rejects invalid fault specs", async () => {
    await expect(control.injectFault({ kind: "status" } as never)).rejects.toMatchObject({
      code: "CONTROL_HTTP_ERROR",
      status: 400,
    });
    await expect(control.injectFault({ kind: "delay", delayMs: 10, fraction: 2 })).rejects.toMatchObject({ status: 400 });
  });
});
