import { type FaultSpec, type RunningEmulator, startEmulator } from "../../emulator";
import { CleantalkClient, CleantalkError, type CleantalkErrorCode, MAX_RESPONSE_BYTES, ProviderRuntime, resolveSettings, TransportError } from "../../provider";
import { type LocalServer, startLocalServer } from "../support/local-server";
import { apiRequests, emulatorClient, issuedSecrets, uniqueAccount } from "../support/provider-emulator";
import { errorTexts, fakeKey, fakeToken, rejectionOf, thrownBy } from "../support/provider-fixtures";

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
      ["HTTP 404", { kind: "status", status: 404 }, "HTTP_STATUS", "answered HTTP 404.\nFix: check that cleantalk:apiUrl points at the CleanTalk API"],
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
      // The code first, then what happened, then the fix.
      expect(error.message.startsWith(`${code}: CleanTalk get_api_key `)).toBe(true);
      expect(error.message).toMatch(/\nFix: /);
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

  describe("notice_paid_till's error_no 12 is CleanTalk's answer for an invalid key", () => {
    it.each([200, 401])("on HTTP %i it reads as valid: 0, not as a failure, and is not retried", async (status) => {
      const site = account();
      const issued = await getKey(site);
      if (issued.phase !== "issued") throw new Error("expected a new key");
      emulator.injectFault({ kind: "error", errorNo: 12, errorMessage: "Invalid key.", status, methods: ["notice_paid_till"] });
      expect(await client.noticePaidTill({ authKey: issued.auth_key, pathToCms: site.hostname, productId: 1 })).toEqual({ valid: 0 });
      expect(emulator.counters().requests.notice_paid_till).toBe(1);
    });

    it("from get_api_key it stays an API_ERROR (the mapping is notice_paid_till's only)", async () => {
      inject({ kind: "error", errorNo: 12, errorMessage: "Invalid key." });
      const error = await failure(getKey(account()));
      expect(error.code).toBe("API_ERROR");
      expect(error.message).toContain("(error_no 12)");
    });
  });

  describe("endpoint and answer limits (a wrong or hostile endpoint)", () => {
    const servers: LocalServer[] = [];
    afterEach(async () => {
      await Promise.all(servers.splice(0).map((server) => server.close()));
    });
    async function serve(handler: Parameters<typeof startLocalServer>[0]): Promise<LocalServer> {
      const server = await startLocalServer(handler);
      servers.push(server);
      return server;
    }
    function clientFor(server: LocalServer, overrides: Parameters<typeof emulatorClient>[1] = {}): CleantalkClient {
      return new CleantalkClient({
        baseUrl: new URL(server.url),
        retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxRetryAfterMs: 2_000 },
        timeouts: { connectMs: 1_000, headersMs: 1_000, bodyMs: 1_000, requestMs: 2_000 },
        random: () => 0.5,
        ...overrides,
      });
    }

    it("an apiUrl with credentials is refused, naming where it came from and never echoing them", async () => {
      const password = fakeToken("apiurl-password");
      for (const [source, config, env] of [
        ["cleantalk:apiUrl", { "cleantalk:apiUrl": `http://ops:${password}@127.0.0.1:${emulator.port}` }, {}],
        ["CLEANTALK_API_URL", {}, { CLEANTALK_API_URL: `https://ops:${password}@api.cleantalk.org` }],
        ["cleantalk:apiUrl", { "cleantalk:apiUrl": `https://${password}@api.cleantalk.org` }, {}],
      ] as const) {
        const error = thrownBy(() => resolveSettings({ get: (key) => (config as Record<string, string>)[key] }, env));
        seenErrors.push(error);
        expect(CleantalkError.isInstance(error) && error.code).toBe("INSECURE_ENDPOINT");
        const message = (error as Error).message;
        expect(message).toMatch(new RegExp(`^INSECURE_ENDPOINT: ${source} contains credentials`));
        expect(message).toContain("Fix: remove user:password@ from the URL");
        for (const text of errorTexts(error)) expect(text).not.toContain(password);
      }
      // A value that is not even a URL is echoed with its credentials masked, also when the
      // password holds a "/" (which would otherwise end the user info).
      const [head, tail] = [password.slice(0, 12), password.slice(12, 24)];
      for (const value of [`http://ops:${password}@[not-a-host`, `http://ops:${head}/${tail}@[not-a-host`, `http://ops:${head}@x@[not-a-host`]) {
        const unparsable = thrownBy(() => resolveSettings({ get: (key) => (key === "cleantalk:apiUrl" ? value : undefined) }, {}));
        seenErrors.push(unparsable);
        expect((unparsable as Error).message).toMatch(/^INSECURE_ENDPOINT: cleantalk:apiUrl "http:\/\/\*\*\*@\[not-a-host" is not a URL\./);
        for (const text of errorTexts(unparsable)) for (const part of [password, head, tail]) expect(text).not.toContain(part);
      }
    });

    it("the runtime keeps refusing such an apiUrl: check reports it, create fails, and nothing is sent", async () => {
      const password = fakeToken("runtime-apiurl-password");
      const runtime = new ProviderRuntime({ env: {}, warn: () => {} });
      expect(() =>
        runtime.configure({ get: (key) => (key === "cleantalk:apiUrl" ? `http://ops:${password}@127.0.0.1:${emulator.port}` : undefined) }),
      ).not.toThrow();
      const site = account();
      const checked = runtime.check({}, { email: site.email, website: site.website });
      expect(checked.failures).toHaveLength(1);
      expect(checked.failures[0]?.property).toBe("");
      expect(checked.failures[0]?.reason).toContain("cleantalk:apiUrl");
      expect(checked.failures[0]?.reason).toMatch(/^INSECURE_ENDPOINT: cleantalk:apiUrl contains credentials/);
      expect(checked.failures[0]?.reason).not.toContain(password);
      const error = await failure(runtime.create({ email: site.email, website: [site.website] }));
      expect(error.code).toBe("INSECURE_ENDPOINT");
      for (const text of errorTexts(error)) expect(text).not.toContain(password);
      expect(apiRequests(emulator)).toBe(0);
    });

    it.each([301, 302, 303, 307, 308])("a redirect (HTTP %i) to another host is refused, names that host only, and is not followed", async (status) => {
      const elsewhere = await serve((_req, res) => res.end('{"data":{"account_exists":1}}'));
      const marker = "collect-marker";
      const redirecting = await serve((_req, res) => {
        res.writeHead(status, { location: `${elsewhere.url}/${marker}?q=${marker}` });
        res.end();
      });
      const key = fakeKey(`redirect-${status}`);
      const redirected = clientFor(redirecting);
      try {
        const error = await failure(redirected.noticePaidTill({ authKey: key, pathToCms: "redirect.example.test" }));
        expect(error.code).toBe("HTTP_STATUS");
        expect(error.retryable).toBe(false);
        expect((error as TransportError).status).toBe(status);
        expect(error.message).toContain(`redirect (HTTP ${status} to ${elsewhere.host}), which is not followed`);
        expect(error.message).toContain("Fix: set cleantalk:apiUrl to the final address");
        for (const text of errorTexts(error)) {
          expect(text).not.toContain(marker);
          expect(text).not.toContain(key);
        }
        expect(redirecting.requests()).toBe(1);
        expect(elsewhere.requests()).toBe(0);
      } finally {
        await redirected.close();
      }
    });

    it.each([
      ["announced by Content-Length", true],
      ["chunked, without Content-Length", false],
    ])("an answer larger than the limit (%s) is refused as SCHEMA_MISMATCH and not retried", async (_name, announced) => {
      const body = `{"data":{"account_exists":1,"pad":"${"x".repeat(MAX_RESPONSE_BYTES)}"}}`;
      const huge = await serve((_req, res) => {
        res.writeHead(200, { "content-type": "application/json", ...(announced ? { "content-length": Buffer.byteLength(body) } : {}) });
        // Several writes, so the chunked case really streams past the limit.
        for (let i = 0; i < body.length; i += 65_536) res.write(body.slice(i, i + 65_536));
        res.end();
      });
      const limited = clientFor(huge);
      try {
        const error = await failure(limited.getApiKey({ email: account().email, websites: ["https://huge.example.test"], productName: "anti-spam" }));
        expect(error.code).toBe("SCHEMA_MISMATCH");
        expect(error.retryable).toBe(false);
        expect(error.message).toContain(`the answer is larger than ${MAX_RESPONSE_BYTES} bytes`);
        expect(huge.requests()).toBe(1);
      } finally {
        await limited.close();
      }
    });

    it("an answer of exactly the limit is still read", async () => {
      const answer = '{"data":{"account_exists":1}}';
      const body = answer.padEnd(MAX_RESPONSE_BYTES, " ");
      const full = await serve((_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
        res.end(body);
      });
      const limited = clientFor(full);
      try {
        expect(await limited.getApiKey({ email: account().email, websites: ["https://full.example.test"], productName: "anti-spam" })).toEqual({
          phase: "account-exists",
          account_exists: 1,
        });
      } finally {
        await limited.close();
      }
    });

    it("a slow-loris body (one byte at a time, never finished) is cut by the attempt deadline, each attempt's connection dropped", async () => {
      const timers = new Set<NodeJS.Timeout>();
      const loris = await serve((_req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": 10_000 });
        // Each byte arrives well inside bodyMs, so only the whole-attempt deadline can end it.
        const timer = setInterval(() => res.write(" "), 50);
        timers.add(timer);
        res.on("close", () => {
          clearInterval(timer);
          timers.delete(timer);
        });
      });
      const slow = clientFor(loris, {
        timeouts: { connectMs: 1_000, headersMs: 1_000, bodyMs: 1_000, requestMs: 300 },
        retry: { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10 },
      });
      try {
        const started = Date.now();
        const error = await failure(slow.getApiKey({ email: account().email, websites: ["https://loris.example.test"], productName: "anti-spam" }));
        const elapsed = Date.now() - started;
        expect(elapsed).toBeGreaterThanOrEqual(2 * 300 - 50);
        expect(elapsed).toBeLessThan(2_000);
        expect(error.code).toBe("RETRIES_EXHAUSTED");
        expect(CleantalkError.isInstance(error.cause) && error.cause.code).toBe("TIMEOUT");
        expect(error.message).toContain("no complete answer within 300 ms");
        expect(loris.requests()).toBe(2);
        // The client abandoned both: nothing keeps trickling into a dead attempt.
        for (let waited = 0; timers.size > 0 && waited < 1_000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
        expect(timers.size).toBe(0);
      } finally {
        for (const timer of timers) clearInterval(timer);
        await slow.close();
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
      // Not error_no 12: that one is CleanTalk's "invalid key", the answer valid: 0 (below).
      emulator.injectFault({ kind: "error", errorNo: 9, errorMessage: `Unknown product_id for key ${issued.auth_key}.`, methods: ["notice_paid_till"] });
      const error = await failure(client.noticePaidTill({ authKey: issued.auth_key, pathToCms: site.hostname }));
      expect(error.code).toBe("API_ERROR");
      expect(error.message).toContain("[redacted]");
      expect(error.message).toContain("(error_no 9)");
      for (const text of errorTexts(error)) expect(text).not.toContain(issued.auth_key);
    });

    it("across every error this file produced (message, stack and causes)", async () => {
      // Make sure the emulator holds credentials to scan against.
      await getKey(account());
      const secrets = [...everIssued, ...issuedSecrets(emulator)];
      expect(secrets.length).toBeGreaterThan(20);
      expect(seenErrors.length).toBeGreaterThanOrEqual(25);
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
