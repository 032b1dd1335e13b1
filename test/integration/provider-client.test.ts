import { type FaultSpec, type RunningEmulator, startEmulator } from "../../emulator";
import { type CleantalkClient, CleantalkError, type CleantalkErrorCode, TransportError } from "../../provider";
import { apiRequests, emulatorClient, issuedSecrets, uniqueAccount } from "../support/provider-emulator";
import { errorTexts, rejectionOf } from "../support/provider-fixtures";

/**
 * CleantalkClient against the real emulator over loopback, one fault kind at a
 * time: transient faults are retried within the budget, permanent ones surface
 * as typed errors with stable codes, and no error text carries a credential.
 */
describe("CleantalkClient on the emulator", () => {
  let emulator: RunningEmulator;
  let client: CleantalkClient;
  const logs: string[] = [];
  const seenErrors: unknown[] = [];
  const emails: string[] = [];
  // reset() forgets what was issued, so collect it after every test.
  const everIssued: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator();
    client = emulatorClient(emulator, { log: (line) => logs.push(line) });
  });
  beforeEach(() => emulator.reset());
  afterEach(() => {
    everIssued.push(...issuedSecrets(emulator));
  });
  afterAll(async () => {
    await client.close();
    await emulator.stop();
  });

  function account() {
    const site = uniqueAccount("client");
    emails.push(site.email);
    return site;
  }

  function getKey(site: { email: string; website: string }, using: CleantalkClient = client) {
    return using.getApiKey({ email: site.email, websites: [site.website], productName: "anti-spam" });
  }

  async function failure(promise: Promise<unknown>): Promise<CleantalkError> {
    const error = await rejectionOf(promise);
    seenErrors.push(error);
    expect(CleantalkError.isInstance(error)).toBe(true);
    return error as CleantalkError;
  }

  function inject(spec: FaultSpec): void {
    emulator.injectFault({ methods: ["get_api_key"], ...spec } as FaultSpec);
  }

  it("issues a key without faults, in one request", async () => {
    const answer = await getKey(account());
    expect(answer.phase).toBe("issued");
    expect(apiRequests(emulator)).toBe(1);
    expect(emulator.counters().totalKeysIssued).toBe(1);
  });

  describe("transient faults are retried and the call succeeds", () => {
    it.each<[string, FaultSpec, number]>([
      ["HTTP 500", { kind: "status", status: 500, count: 2 }, 2],
      ["HTTP 502 with the proxy's JSON", { kind: "status", status: 502, body: { message: "bad gateway" } }, 1],
      ["HTTP 503", { kind: "status", status: 503, count: 3 }, 3],
      ["HTTP 408", { kind: "status", status: 408 }, 1],
      ["error_no 10 on HTTP 200 (calls limit)", { kind: "error", errorNo: 10, errorMessage: "Calls limit exceeded.", count: 2 }, 2],
      ["connection reset", { kind: "reset", count: 2 }, 2],
      ["half a JSON body (truncate)", { kind: "truncate" }, 1],
      ["body cut off mid-way (truncate, abortConnection)", { kind: "truncate", abortConnection: true }, 1],
      ["an HTML error page on HTTP 200 (malformed)", { kind: "malformed" }, 1],
      ["an HTML error page on HTTP 502 (malformed)", { kind: "malformed", status: 502 }, 1],
    ])("%s", async (_name, spec, faults) => {
      inject(spec);
      const answer = await getKey(account());
      expect(answer.phase).toBe("issued");
      expect(apiRequests(emulator)).toBe(faults + 1);
      expect(emulator.counters().faultsInjected).toBe(faults);
      expect(emulator.counters().totalKeysIssued).toBe(1);
    });

    // undici's headers/body timers tick at about one second, so the short
    // per-attempt deadline (requestMs) is what cuts a hang in a fast test.
    it("a hang is cut by the attempt deadline and retried", async () => {
      inject({ kind: "hang", maxMs: 10_000 });
      const fast = emulatorClient(emulator, { timeouts: { headersMs: 1_000, bodyMs: 1_000, requestMs: 200 } });
      try {
        const started = Date.now();
        expect((await getKey(account(), fast)).phase).toBe("issued");
        expect(Date.now() - started).toBeLessThan(1_500);
        expect(apiRequests(emulator)).toBe(2);
      } finally {
        await fast.close();
      }
    });

    it("a body trickling past requestMs is abandoned and retried; the retry gets the SAME key", async () => {
      inject({ kind: "trickle", intervalMs: 40 });
      const fast = emulatorClient(emulator, { timeouts: { headersMs: 1_000, bodyMs: 1_000, requestMs: 300 } });
      try {
        const started = Date.now();
        const answer = await getKey(account(), fast);
        expect(Date.now() - started).toBeLessThan(3_000);
        // trickle processes the request for real: the first attempt issued the
        // key, the retry is answered with phase 2 and that same key.
        expect(answer.phase).toBe("existing");
        expect(emulator.counters().totalKeysIssued).toBe(1);
        expect(emulator.issued().authKeys).toEqual([answer.phase === "existing" ? answer.auth_key : "(no key)"]);
      } finally {
        await fast.close();
      }
    });

    it("a delay within the timeouts needs no retry", async () => {
      inject({ kind: "delay", delayMs: 100 });
      expect((await getKey(account())).phase).toBe("issued");
      expect(apiRequests(emulator)).toBe(1);
    });

    it("HTTP 429 + Retry-After is honoured before retrying", async () => {
      inject({ kind: "status", status: 429, retryAfterSeconds: 1 });
      const started = Date.now();
      expect((await getKey(account())).phase).toBe("issued");
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(apiRequests(emulator)).toBe(2);
    });

    it("error_no 10 on HTTP 429 with Retry-After (the emulator's own rate limit) is waited out", async () => {
      emulator.configure({ rateLimit: { calls: 1, windowMs: 1_000 } });
      try {
        const site = account();
        await getKey(site);
        const started = Date.now();
        const second = await getKey(account());
        expect(second.phase).toBe("issued");
        expect(Date.now() - started).toBeGreaterThanOrEqual(500);
        expect(emulator.counters().rateLimited).toBeGreaterThanOrEqual(1);
      } finally {
        emulator.configure({ rateLimit: null });
      }
    });

    it("after-commit-reset: the retried get_api_key returns the SAME key and only one key was issued", async () => {
      inject({ kind: "after-commit-reset" });
      const answer = await getKey(account());
      expect(answer.phase).toBe("existing");
      expect(apiRequests(emulator)).toBe(2);
      const counters = emulator.counters();
      expect(counters.totalKeysIssued).toBe(1);
      expect(emulator.issued().authKeys).toEqual([answer.phase === "existing" ? answer.auth_key : ""]);
    });

    it("notice_paid_till is retried too", async () => {
      const site = account();
      const issued = await getKey(site);
      if (issued.phase !== "issued") throw new Error("expected a new key");
      emulator.injectFault({ kind: "reset", methods: ["notice_paid_till"] });
      emulator.injectFault({ kind: "status", status: 503, methods: ["notice_paid_till"] });
      const answer = await client.noticePaidTill({ authKey: issued.auth_key, pathToCms: site.hostname, productId: 1 });
      expect(answer.valid).toBe(1);
      expect(emulator.counters().requests.notice_paid_till).toBe(3);
    });

    it("logs each retry without secrets", async () => {
      logs.length = 0;
      inject({ kind: "status", status: 500 });
      const site = account();
      await getKey(site);
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatch(/^get_api_key attempt 1\/4 failed \(HTTP_STATUS\); retrying in \d+ ms$/);
    });
  });

  describe("permanent faults fail at once with a typed error", () => {
    it.each<[string, FaultSpec, CleantalkErrorCode, string]>([
      ["a near-miss JSON shape", { kind: "shape" }, "SCHEMA_MISMATCH", "unexpected fields: auth_key"],
      ["JSON without data", { kind: "shape", body: { foo: 1 } }, "SCHEMA_MISMATCH", 'no "data" object'],
      ["an unknown phase", { kind: "shape", body: { data: { something: 1 } } }, "SCHEMA_MISMATCH", "unexpected shape"],
      ["HTTP 404", { kind: "status", status: 404 }, "HTTP_STATUS", "check cleantalk:apiUrl"],
      [
        "HTTP 200 + error body (region)",
        { kind: "error", errorNo: 403, errorMessage: "Service not available in your region." },
        "API_ERROR",
        "Service not available in your region. (error_no 403)",
      ],
      ["HTTP 400 + error body", { kind: "error", errorNo: 3, errorMessage: "Unknown product_name.", status: 400 }, "API_ERROR", "error_no 3"],
    ])("%s → %s", async (_name, spec, code, text) => {
      inject({ ...spec, count: 5 } as FaultSpec);
      const error = await failure(getKey(account()));
      expect(error.code).toBe(code);
      expect(error.retryable).toBe(false);
      expect(error.message).toContain(text);
      expect(apiRequests(emulator)).toBe(1);
      expect(emulator.counters().totalKeysIssued).toBe(0);
    });

    it("a transient fault that persists exhausts the attempts: RETRIES_EXHAUSTED with the last cause", async () => {
      inject({ kind: "status", status: 503, count: 10 });
      const error = await failure(getKey(account()));
      expect(error.code).toBe("RETRIES_EXHAUSTED");
      expect(error.message).toContain("gave up after 4 attempts");
      expect(error.message).toContain("run `pulumi up` again");
      expect(CleantalkError.isInstance(error.cause) && error.cause.code).toBe("HTTP_STATUS");
      expect(apiRequests(emulator)).toBe(4);
    });

    it("a persistent hang ends in RETRIES_EXHAUSTED caused by TIMEOUT, within the time budget", async () => {
      inject({ kind: "hang", maxMs: 10_000, count: 5 });
      const fast = emulatorClient(emulator, {
        timeouts: { headersMs: 1_000, bodyMs: 1_000, requestMs: 200 },
        retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
      });
      try {
        const started = Date.now();
        const error = await failure(getKey(account(), fast));
        expect(Date.now() - started).toBeLessThan(1_500);
        expect(error.code).toBe("RETRIES_EXHAUSTED");
        expect((error.cause as CleantalkError).code).toBe("TIMEOUT");
        expect(error.message).toContain("timed out");
      } finally {
        await fast.close();
      }
    });

    it("a Retry-After longer than maxRetryAfterMs fails at once instead of sleeping", async () => {
      inject({ kind: "status", status: 429, retryAfterSeconds: 3_600 });
      const started = Date.now();
      const error = await failure(getKey(account()));
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(error.code).toBe("RETRIES_EXHAUSTED");
      expect(error.message).toContain("asked to wait 3600 s");
      expect(error.cause).toBeInstanceOf(TransportError);
      expect((error.cause as TransportError).retryAfterMs).toBe(3_600_000);
      expect(apiRequests(emulator)).toBe(1);
    });

    it("an unreachable endpoint is a NETWORK failure after the attempts", async () => {
      const stopped = await startEmulator();
      const offline = emulatorClient(stopped, { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
      await stopped.stop();
      try {
        const error = await failure(getKey(account(), offline));
        expect(error.code).toBe("RETRIES_EXHAUSTED");
        expect((error.cause as CleantalkError).code).toBe("NETWORK");
        expect(error.message).toContain("ECONNREFUSED");
      } finally {
        await offline.close();
      }
    });
  });

  describe("no credential or email in any error", () => {
    it("a server error text echoing the email is redacted (also when retried to exhaustion)", async () => {
      const site = account();
      inject({ kind: "error", errorNo: 7, errorMessage: `Account ${site.email} is locked.` });
      const once = await failure(getKey(site));
      expect(once.message).toContain("[redacted]");
      inject({ kind: "error", errorNo: 10, errorMessage: `Too many calls for ${site.email}.`, count: 10 });
      const exhausted = await failure(getKey(site));
      expect(exhausted.code).toBe("RETRIES_EXHAUSTED");
      for (const text of [...errorTexts(once), ...errorTexts(exhausted)]) expect(text).not.toContain(site.email);
    });

    it("a notice_paid_till error echoing the key is redacted", async () => {
      const site = account();
      const issued = await getKey(site);
      if (issued.phase !== "issued") throw new Error("expected a new key");
      emulator.injectFault({ kind: "error", errorNo: 12, errorMessage: `Invalid key ${issued.auth_key}.`, methods: ["notice_paid_till"] });
      const error = await failure(client.noticePaidTill({ authKey: issued.auth_key, pathToCms: site.hostname }));
      expect(error.code).toBe("API_ERROR");
      for (const text of errorTexts(error)) expect(text).not.toContain(issued.auth_key);
    });

    it("across every error this file produced (message, stack and causes)", async () => {
      // Make sure the emulator holds credentials to scan against.
      await getKey(account());
      const secrets = [...everIssued, ...issuedSecrets(emulator)];
      expect(secrets.length).toBeGreaterThan(20);
      expect(seenErrors.length).toBeGreaterThanOrEqual(12);
      for (const error of seenErrors) {
        for (const text of errorTexts(error)) {
          for (const email of emails) expect(text).not.toContain(email);
          for (const secret of secrets) expect(text).not.toContain(secret);
        }
      }
      for (const line of logs) for (const email of emails) expect(line).not.toContain(email);
    });
  });
});
