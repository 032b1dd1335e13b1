import { CleantalkError } from "../../provider/errors/cleantalk-error";
import type { InputError } from "../../provider/errors/input-error";
import { DEFAULT_API_URL, isLoopback, resolveSettings } from "../../provider/schema/provider-settings";
import { thrownBy } from "../support/provider-fixtures";

function config(values: Record<string, string>) {
  return { get: (key: string): string | undefined => values[key] };
}

function inputError(fn: () => unknown): InputError {
  const error = thrownBy(fn);
  expect(CleantalkError.isInstance(error)).toBe(true);
  expect((error as CleantalkError).code).toBe("INVALID_INPUT");
  expect((error as CleantalkError).message.startsWith("INVALID_INPUT: ")).toBe(true);
  return error as InputError;
}

/** The endpoint as `cleantalk:apiUrl` (or, with `configured` undefined, the environment) sets it. */
function apiUrl(configured: string | undefined, env: NodeJS.ProcessEnv = {}): URL {
  return resolveSettings(config(configured === undefined ? {} : { "cleantalk:apiUrl": configured }), env).apiUrl;
}

function refusal(configured: string | undefined, env: NodeJS.ProcessEnv = {}): CleantalkError {
  const error = thrownBy(() => apiUrl(configured, env));
  expect(CleantalkError.isInstance(error)).toBe(true);
  expect((error as CleantalkError).code).toBe("INSECURE_ENDPOINT");
  expect((error as CleantalkError).message.startsWith("INSECURE_ENDPOINT: ")).toBe(true);
  return error as CleantalkError;
}

describe("resolveSettings", () => {
  it("defaults: CleanTalk's endpoint, no timeout or retry overrides", () => {
    const settings = resolveSettings(undefined, {});
    expect(settings.apiUrl.href).toBe("https://api.cleantalk.org/");
    expect(settings.requestTimeoutMs).toBeUndefined();
    expect(settings.maxAttempts).toBeUndefined();
  });

  it("reads cleantalk:* config", () => {
    const settings = resolveSettings(
      config({ "cleantalk:apiUrl": "http://127.0.0.1:8787", "cleantalk:requestTimeout": "20s", "cleantalk:maxAttempts": "3" }),
      {},
    );
    expect(settings.apiUrl.href).toBe("http://127.0.0.1:8787/");
    expect(settings.requestTimeoutMs).toBe(20_000);
    expect(settings.maxAttempts).toBe(3);
  });

  it("falls back to the environment", () => {
    const env = { CLEANTALK_API_URL: "http://localhost:1234", CLEANTALK_REQUEST_TIMEOUT: "1m", CLEANTALK_MAX_ATTEMPTS: "7" };
    const settings = resolveSettings(config({}), env);
    expect(settings.apiUrl.host).toBe("localhost:1234");
    expect(settings.requestTimeoutMs).toBe(60_000);
    expect(settings.maxAttempts).toBe(7);
  });

  it("config wins over the environment for every setting", () => {
    const env = { CLEANTALK_API_URL: "http://localhost:1234", CLEANTALK_REQUEST_TIMEOUT: "1m", CLEANTALK_MAX_ATTEMPTS: "7" };
    const settings = resolveSettings(
      config({ "cleantalk:apiUrl": "https://api.example.com", "cleantalk:requestTimeout": "5s", "cleantalk:maxAttempts": "2" }),
      env,
    );
    expect([settings.apiUrl.host, settings.requestTimeoutMs, settings.maxAttempts]).toEqual(["api.example.com", 5_000, 2]);
  });

  it("an empty or blank value means not set, in config and in the environment; values are trimmed", () => {
    const settings = resolveSettings(config({ "cleantalk:maxAttempts": "  ", "cleantalk:requestTimeout": "" }), {
      CLEANTALK_MAX_ATTEMPTS: " 4 ",
      CLEANTALK_REQUEST_TIMEOUT: "",
    });
    expect([settings.maxAttempts, settings.requestTimeoutMs]).toEqual([4, undefined]);
  });

  it.each(["0s", "abc", "500", "10y"])("refuses cleantalk:requestTimeout %j, naming the config key and the pulumi config command", (value) => {
    const error = inputError(() => resolveSettings(config({ "cleantalk:requestTimeout": value }), {}));
    expect(error.failures).toHaveLength(1);
    expect(error.failures[0]?.property).toBe("cleantalk:requestTimeout");
    expect(error.message).toContain("pulumi config set cleantalk:requestTimeout 30s");
    expect(error.message).not.toContain("CLEANTALK_REQUEST_TIMEOUT");
  });

  it.each(["0s", "abc"])("refuses CLEANTALK_REQUEST_TIMEOUT=%s, naming the variable and the export command", (value) => {
    const error = inputError(() => resolveSettings(config({}), { CLEANTALK_REQUEST_TIMEOUT: value }));
    expect(error.failures).toEqual([{ property: "CLEANTALK_REQUEST_TIMEOUT", reason: expect.stringContaining("export CLEANTALK_REQUEST_TIMEOUT=30s") }]);
    expect(error.message).not.toContain("pulumi config set");
    expect(error.message).not.toContain("cleantalk:requestTimeout");
  });

  it("says why a readable requestTimeout is refused, and why an unreadable one is", () => {
    expect(inputError(() => resolveSettings(config({ "cleantalk:requestTimeout": "999ms" }), {})).failures[0]?.reason).toContain("is not a duration");
    expect(inputError(() => resolveSettings(config({ "cleantalk:requestTimeout": "0s" }), {})).failures[0]?.reason).toContain("must be at least 1s");
    expect(inputError(() => resolveSettings(config({ "cleantalk:requestTimeout": "abc" }), {})).failures[0]?.reason).toContain('"abc" is not a duration');
  });

  it("accepts a one-second requestTimeout", () => {
    expect(resolveSettings(config({ "cleantalk:requestTimeout": "1s" }), {}).requestTimeoutMs).toBe(1_000);
  });

  it.each(["0", "11", "2.5", "-1", "many", "abc"])("refuses CLEANTALK_MAX_ATTEMPTS=%s, naming the variable and the export command", (value) => {
    const error = inputError(() => resolveSettings(undefined, { CLEANTALK_MAX_ATTEMPTS: value }));
    expect(error.failures).toHaveLength(1);
    expect(error.failures[0]?.property).toBe("CLEANTALK_MAX_ATTEMPTS");
    expect(error.failures[0]?.reason).toContain("from 1 to 10");
    expect(error.failures[0]?.reason).toContain("export CLEANTALK_MAX_ATTEMPTS=5");
    expect(error.message).not.toContain("cleantalk:maxAttempts");
  });

  it.each(["0", "11", "abc"])("refuses cleantalk:maxAttempts %j, naming the config key and the pulumi config command", (value) => {
    const error = inputError(() => resolveSettings(config({ "cleantalk:maxAttempts": value }), { CLEANTALK_MAX_ATTEMPTS: "3" }));
    expect(error.failures).toEqual([{ property: "cleantalk:maxAttempts", reason: expect.stringContaining("pulumi config set cleantalk:maxAttempts 5") }]);
    expect(error.message).not.toContain("CLEANTALK_MAX_ATTEMPTS");
  });

  it.each(["1", "10"])("accepts maxAttempts %s", (value) => {
    expect(resolveSettings(config({ "cleantalk:maxAttempts": value }), {}).maxAttempts).toBe(Number(value));
  });

  it("refuses an insecure endpoint from config", () => {
    const error = thrownBy(() => resolveSettings(config({ "cleantalk:apiUrl": "http://api.example.com" }), {}));
    expect((error as CleantalkError).code).toBe("INSECURE_ENDPOINT");
  });
});

describe("the API endpoint", () => {
  it("defaults to CleanTalk's public https endpoint", () => {
    expect(DEFAULT_API_URL).toBe("https://api.cleantalk.org");
    expect(apiUrl(undefined).href).toBe("https://api.cleantalk.org/");
  });

  it("accepts any https URL", () => {
    expect(apiUrl("https://proxy.example.com:8443/cleantalk").href).toBe("https://proxy.example.com:8443/cleantalk");
  });

  it.each(["http://127.0.0.1:8787", "http://localhost:8787", "http://[::1]:8787", "http://127.10.20.30"])("accepts plain http on loopback: %s", (url) => {
    expect(apiUrl(url).protocol).toBe("http:");
  });

  it.each(["http://api.cleantalk.org", "http://10.0.0.5:8787", "http://0.0.0.0:8787", "http://127.0.0.1.evil.example", "http://localhost.example.com"])(
    "refuses plain http off loopback: %s",
    (url) => {
      const error = refusal(url);
      expect(error.summary).toBe(`cleantalk:apiUrl http://${new URL(url).host} is refused: keys may only travel over https.`);
      expect(error.fix).toEqual([expect.stringContaining("https://api.cleantalk.org")]);
    },
  );

  it.each(["ftp://api.example.com", "file:///tmp/api"])("refuses other schemes: %s", (url) => {
    expect(refusal(url).message).toContain("only travel over https");
  });

  it("refuses credentials in the URL, naming the source without repeating them", () => {
    const error = refusal("https://admin:s3cr3tpw@api.example.com");
    expect(error.summary).toBe("cleantalk:apiUrl contains credentials, which would be sent with every request.");
    expect(error.fix).toEqual(["remove user:password@ from the URL"]);
    expect(error.message).not.toContain("s3cr3tpw");
    expect(error.message).not.toContain("admin");
    const fromEnv = refusal(undefined, { CLEANTALK_API_URL: "http://admin:s3cr3tpw@127.0.0.1:8787" });
    expect(fromEnv.summary).toBe("CLEANTALK_API_URL contains credentials, which would be sent with every request.");
    expect(fromEnv.message).not.toContain("s3cr3tpw");
  });

  it("refuses a value that is not a URL, naming the source, without repeating credentials in it", () => {
    const error = refusal("not a url");
    expect(error.summary).toBe('cleantalk:apiUrl "not a url" is not a URL.');
    expect(error.fix).toEqual([expect.stringContaining("https://api.cleantalk.org")]);
    expect(refusal(undefined, { CLEANTALK_API_URL: "not a url" }).summary).toBe('CLEANTALK_API_URL "not a url" is not a URL.');
    for (const raw of [
      "https://admin:s3cr3tpw@exa mple.com",
      "//admin:s3cr3tpw@exa mple.com",
      // An unencoded @ or / in the password: every part of it stays hidden.
      "https://admin:s3cr@3tpw@exa mple.com",
      "https://admin:s3cr/3tpw@exa mple.com",
      "https:admin:s3cr3tpw@exa mple.com",
    ]) {
      const message = refusal(raw).message;
      expect(message).toContain("is not a URL");
      for (const part of ["admin", "s3cr", "3tpw"]) expect(message).not.toContain(part);
    }
  });

  it("a value that parses under another scheme is refused without echoing what follows the scheme", () => {
    const message = refusal("admin:s3cr3tpw@api.example.com").message;
    expect(message).not.toContain("s3cr3tpw");
  });

  it("clips a long value in its message", () => {
    expect(refusal(`not a url ${"x".repeat(500)}`).message.length).toBeLessThan(300);
  });

  it("config wins over CLEANTALK_API_URL, which wins over the default", () => {
    const env = { CLEANTALK_API_URL: "http://127.0.0.1:9999" };
    expect(apiUrl("https://config.example.com", env).host).toBe("config.example.com");
    expect(apiUrl(undefined, env).host).toBe("127.0.0.1:9999");
    expect(apiUrl("   ", env).host).toBe("127.0.0.1:9999");
    expect(apiUrl(undefined, { CLEANTALK_API_URL: "" }).href).toBe("https://api.cleantalk.org/");
  });

  it("applies the same policy to the environment variable, naming it", () => {
    expect(refusal(undefined, { CLEANTALK_API_URL: "http://api.example.com" }).summary).toBe(
      "CLEANTALK_API_URL http://api.example.com is refused: keys may only travel over https.",
    );
  });
});

describe("isLoopback", () => {
  it.each([
    ["localhost", true],
    ["127.0.0.1", true],
    ["[::1]", true],
    ["::1", true],
    ["127.255.255.254", true],
    ["128.0.0.1", false],
    ["example.com", false],
    ["127.0.0.1.nip.io", false],
  ])("%s → %s", (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });
});
