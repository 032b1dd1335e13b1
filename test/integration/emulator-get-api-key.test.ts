import {
  accountExistsDataSchema,
  dataBodySchema,
  errorBodySchema,
  issuedKeyDataSchema,
  multiSiteDataSchema,
  type RunningEmulator,
  sameKeyDataSchema,
  startEmulator,
} from "../../emulator";
import { expectShape } from "../support/emulator-expect";
import { type ApiEncoding, callApi, uniqueSite } from "../support/emulator-http";

const issuedBody = dataBodySchema(issuedKeyDataSchema);
const sameKeyBody = dataBodySchema(sameKeyDataSchema);
const existsBody = dataBodySchema(accountExistsDataSchema);
const multiBody = dataBodySchema(multiSiteDataSchema);

const MINUTE = 60_000;

describe("emulator get_api_key", () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ sameKeyWindowMs: 10 * MINUTE, keyLifetimeMs: 60 * MINUTE });
  });
  afterAll(() => emulator.stop());

  it("walks the three documented phases as the clock moves", async () => {
    const { email, website } = uniqueSite();
    const fields = { method_name: "get_api_key", email, website };

    const first = await callApi(emulator.url, fields);
    expect(first.status).toBe(200);
    const issued = expectShape(issuedBody, first.json).data;
    expect(issued.auth_key).toMatch(/^[a-z0-9]{13}$/);
    expect(issued.user_token).toMatch(/^[a-z0-9]{32}$/);
    expect(issued.password_hash).toMatch(/^[0-9a-f]{32}$/);
    expect(Number.isInteger(issued.service_id) && issued.service_id > 0).toBe(true);

    emulator.advanceClock(9 * MINUTE);
    const second = expectShape(sameKeyBody, (await callApi(emulator.url, fields)).json).data;
    expect(second).toEqual({ auth_key: issued.auth_key, user_token: issued.user_token });

    emulator.advanceClock(2 * MINUTE);
    expect((await callApi(emulator.url, fields)).json).toEqual({ data: { account_exists: 1 } });
    expectShape(existsBody, (await callApi(emulator.url, fields)).json);

    // Past keyLifetimeMs CleanTalk documents no new answer: still account_exists, no new key,
    // and the old key stops validating.
    emulator.advanceClock(50 * MINUTE);
    expect((await callApi(emulator.url, fields)).json).toEqual({ data: { account_exists: 1 } });
    const notice = await callApi(emulator.url, { method_name: "notice_paid_till", auth_key: issued.auth_key, path_to_cms: new URL(website).hostname });
    expect(notice.json).toMatchObject({ data: { valid: 0, renew: 1 } });
    expect(emulator.counters().keysIssued[`${new URL(website).hostname}|anti-spam`]).toBe(1);
  });

  it("by default, a key past keyLifetimeMs inside the same-key window comes back as the same key", async () => {
    const short = await startEmulator({ sameKeyWindowMs: 10 * MINUTE, keyLifetimeMs: MINUTE });
    try {
      const { email, website } = uniqueSite();
      const fields = { method_name: "get_api_key", email, website };
      const issued = expectShape(issuedBody, (await callApi(short.url, fields)).json).data;
      short.advanceClock(2 * MINUTE);
      expect(expectShape(sameKeyBody, (await callApi(short.url, fields)).json).data).toEqual({ auth_key: issued.auth_key, user_token: issued.user_token });
      expect(short.counters().totalKeysIssued).toBe(1);
    } finally {
      await short.stop();
    }
  });

  it("with the reissueAfterExpiry option (an assumption CleanTalk does not document), a key past keyLifetimeMs is reissued", async () => {
    const reissuing = await startEmulator({ sameKeyWindowMs: 10 * MINUTE, keyLifetimeMs: 60 * MINUTE, reissueAfterExpiry: true });
    try {
      expect(reissuing.config().reissueAfterExpiry).toBe(true);
      const { email, website } = uniqueSite();
      const fields = { method_name: "get_api_key", email, website };
      const issued = expectShape(issuedBody, (await callApi(reissuing.url, fields)).json).data;
      reissuing.advanceClock(11 * MINUTE);
      expect((await callApi(reissuing.url, fields)).json).toEqual({ data: { account_exists: 1 } });
      reissuing.advanceClock(50 * MINUTE);
      const renewed = expectShape(issuedBody, (await callApi(reissuing.url, fields)).json).data;
      expect(renewed.auth_key).not.toBe(issued.auth_key);
      expect(renewed.service_id).toBe(issued.service_id);
      expect(renewed.user_token).toBe(issued.user_token);
      // The new key is the site's current one: phase 2 hands it back.
      expect(expectShape(sameKeyBody, (await callApi(reissuing.url, fields)).json).data.auth_key).toBe(renewed.auth_key);
      expect(reissuing.counters().totalKeysIssued).toBe(2);
    } finally {
      await reissuing.stop();
    }
  });

  it("treats spellings of one website (scheme, case, trailing slash) as one site", async () => {
    const { email, hostname } = uniqueSite();
    const first = expectShape(issuedBody, (await callApi(emulator.url, { method_name: "get_api_key", email, website: `https://${hostname}/` })).json).data;
    const again = expectShape(
      sameKeyBody,
      (await callApi(emulator.url, { method_name: "get_api_key", email: email.toUpperCase(), website: hostname.toUpperCase() })).json,
    ).data;
    expect(again.auth_key).toBe(first.auth_key);
  });

  it.each(["urlencoded", "multipart", "query"] as ApiEncoding[])("accepts a %s request", async (encoding) => {
    const { email, website } = uniqueSite(encoding);
    const first = await callApi(emulator.url, { method_name: "get_api_key", email, website }, { encoding });
    expectShape(issuedBody, first.json);
    const multi = await callApi(emulator.url, { method_name: "get_api_key", email, website: [website, `${encoding}-second.example.test`] }, { encoding });
    const data = expectShape(multiBody, multi.json).data;
    expect(Object.keys(data.websites)).toEqual([website, `${encoding}-second.example.test`]);
  });

  it("answers the array form with per-URL entries keyed by the URL as sent", async () => {
    const { email, website, hostname } = uniqueSite();
    const urls = [website, `http://second-${hostname}/shop`, `third-${hostname}`];
    const answer = await callApi(emulator.url, { method_name: "get_api_key", email, website: urls });
    const data = expectShape(multiBody, answer.json).data;
    // New account: no account_exists flag.
    expect(data.account_exists).toBeUndefined();
    expect(Object.keys(data.websites)).toEqual(urls);
    expect(data.websites[website]).toEqual({ hostname, auth_key: data.auth_key });
    expect(data.websites[urls[1] as string]?.hostname).toBe(`second-${hostname}`);
    const keys = Object.values(data.websites).map((entry) => entry.auth_key);
    expect(new Set(keys).size).toBe(3);
    expect(data.user_token).toMatch(/^[a-z0-9]{32}$/);

    // Account exists now; one old site (phase 2) and one new site.
    const fourth = `fourth-${hostname}`;
    const again = expectShape(multiBody, (await callApi(emulator.url, { method_name: "get_api_key", email, website: [fourth, website] })).json).data;
    expect(again.account_exists).toBe(1);
    expect(again.websites[website]?.auth_key).toBe(data.auth_key);
    expect(again.auth_key).toBe(again.websites[fourth]?.auth_key);
    expect(again.user_token).toBe(data.user_token);
  });

  it("omits auth_key for array entries whose site is in phase 3", async () => {
    const { email, website, hostname } = uniqueSite();
    await callApi(emulator.url, { method_name: "get_api_key", email, website });
    emulator.advanceClock(11 * MINUTE);
    const fresh = `fresh-${hostname}`;
    const data = expectShape(multiBody, (await callApi(emulator.url, { method_name: "get_api_key", email, website: [website, fresh] })).json).data;
    expect(data.websites[website]).toEqual({ hostname });
    // The first URL got no key, so there is no top-level auth_key; user_token still comes back.
    expect(data.auth_key).toBeUndefined();
    expect(data.websites[fresh]?.auth_key).toMatch(/^[a-z0-9]{13}$/);
    expect(data.user_token).toBeDefined();

    emulator.advanceClock(11 * MINUTE);
    const none = expectShape(multiBody, (await callApi(emulator.url, { method_name: "get_api_key", email, website: [website, fresh] })).json).data;
    expect(none).toEqual({ account_exists: 1, websites: { [website]: { hostname }, [fresh]: { hostname: fresh } } });
  });

  it("accepts PHP-style indexed arrays (website[0], website[1])", async () => {
    const { email, hostname } = uniqueSite();
    const body = new URLSearchParams([
      ["method_name", "get_api_key"],
      ["email", email],
      ["website[0]", `a-${hostname}`],
      ["website[1]", `b-${hostname}`],
    ]).toString();
    const { request } = await import("undici");
    const response = await request(`${emulator.url}/`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
    });
    const data = expectShape(multiBody, await response.body.json()).data;
    expect(Object.keys(data.websites)).toEqual([`a-${hostname}`, `b-${hostname}`]);
  });

  it("keeps one key per product and accepts both anti-spam spellings", async () => {
    const { email, website } = uniqueSite();
    const plain = expectShape(issuedBody, (await callApi(emulator.url, { method_name: "get_api_key", email, website })).json);
    const hyphen = expectShape(sameKeyBody, (await callApi(emulator.url, { method_name: "get_api_key", email, website, product_name: "anti-spam" })).json);
    const alias = expectShape(sameKeyBody, (await callApi(emulator.url, { method_name: "get_api_key", email, website, product_name: "antispam" })).json);
    expect(hyphen.data.auth_key).toBe(plain.data.auth_key);
    expect(alias.data.auth_key).toBe(plain.data.auth_key);

    const keys = new Set([plain.data.auth_key]);
    for (const product of ["anti-spam-hosting", "cure_malware", "database_api", "doboard", "security", "ssl_certificate", "uptime_monitoring"]) {
      const answer = await callApi(emulator.url, { method_name: "get_api_key", email, website, product_name: product });
      keys.add(expectShape(issuedBody, answer.json).data.auth_key);
    }
    expect(keys.size).toBe(8);
  });

  it.each([
    ["missing email", { method_name: "get_api_key", website: "x.example.test" }, 1, "Parameter email is required."],
    ["empty email", { method_name: "get_api_key", email: " ", website: "x.example.test" }, 1, "Parameter email is required."],
    ["missing website", { method_name: "get_api_key", email: "a@example.test" }, 2, "Parameter website is required."],
    ["empty website list", { method_name: "get_api_key", email: "a@example.test", website: [] as string[] }, 2, "Parameter website is required."],
    [
      "unknown product",
      { method_name: "get_api_key", email: "a@example.test", website: "x.example.test", product_name: "anti_spam" },
      3,
      "Unknown product_name.",
    ],
    ["unknown method", { method_name: "get_api_keys", email: "a@example.test", website: "x.example.test" }, 4, "Unknown method_name."],
    ["missing method", { email: "a@example.test", website: "x.example.test" }, 4, "Unknown method_name."],
    ["invalid email", { method_name: "get_api_key", email: "not-an-email", website: "x.example.test" }, 5, "Invalid email address."],
    ["invalid website", { method_name: "get_api_key", email: "a@example.test", website: ["ok.example.test", "ftp://x"] }, 6, "Invalid website URL."],
  ])("rejects %s with a documented-style error", async (_name, fields, errorNo, message) => {
    const before = emulator.counters().totalKeysIssued;
    const answer = await callApi(emulator.url, fields);
    expect(answer.status).toBe(200);
    expect(expectShape(errorBodySchema, answer.json)).toEqual({ error_no: errorNo, error_message: message });
    expect(emulator.counters().totalKeysIssued).toBe(before);
  });

  it("uses errorHttpStatus for error bodies when configured", async () => {
    emulator.configure({ errorHttpStatus: 400 });
    try {
      const answer = await callApi(emulator.url, { method_name: "get_api_key", website: "x.example.test" });
      expect(answer.status).toBe(400);
      expect(answer.json).toEqual({ error_message: "Parameter email is required.", error_no: 1 });
    } finally {
      emulator.configure({ errorHttpStatus: 200 });
    }
  });

  it("refuses unsupported bodies and paths without touching state", async () => {
    const { request } = await import("undici");
    const json = await request(`${emulator.url}/`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ method_name: "get_api_key" }),
    });
    expect(json.statusCode).toBe(415);
    expect(await json.body.json()).toEqual({ error_message: "Unsupported request body.", error_no: 11 });
    const other = await request(`${emulator.url}/api`, { method: "POST" });
    expect(other.statusCode).toBe(404);
    await other.body.dump();
  });
});
