import { CleantalkError } from "../../provider/errors/cleantalk-error";
import type { InputError } from "../../provider/errors/input-error";
import { resolveSettings } from "../../provider/runtime/settings";
import { thrownBy } from "../support/provider-fixtures";

function config(values: Record<string, string>) {
  return { get: (key: string): string | undefined => values[key] };
}

function inputError(fn: () => unknown): InputError {
  const error = thrownBy(fn);
  expect(CleantalkError.isInstance(error)).toBe(true);
  expect((error as CleantalkError).code).toBe("INVALID_INPUT");
  return error as InputError;
}

describe("resolveSettings", () => {
  it("defaults: CleanTalk's endpoint, no timeout or retry overrides", () => {
    const settings = resolveSettings(undefined, {});
    expect(settings.apiUrl.href).toBe("https://api.cleantalk.org/");
    expect(settings.timeouts).toEqual({});
    expect(settings.retry).toEqual({});
  });

  it("reads cleantalk:* config", () => {
    const settings = resolveSettings(
      config({ "cleantalk:apiUrl": "http://127.0.0.1:8787", "cleantalk:requestTimeout": "20s", "cleantalk:maxAttempts": "3" }),
      {},
    );
    expect(settings.apiUrl.href).toBe("http://127.0.0.1:8787/");
    expect(settings.timeouts).toEqual({ requestMs: 20_000, headersMs: 20_000, bodyMs: 20_000 });
    expect(settings.retry).toEqual({ maxAttempts: 3 });
  });

  it("falls back to the environment", () => {
    const env = { CLEANTALK_API_URL: "http://localhost:1234", CLEANTALK_REQUEST_TIMEOUT: "1m", CLEANTALK_MAX_ATTEMPTS: "7" };
    const settings = resolveSettings(config({}), env);
    expect(settings.apiUrl.host).toBe("localhost:1234");
    expect(settings.timeouts.requestMs).toBe(60_000);
    expect(settings.retry.maxAttempts).toBe(7);
  });

  it("config wins over the environment for every setting", () => {
    const env = { CLEANTALK_API_URL: "http://localhost:1234", CLEANTALK_REQUEST_TIMEOUT: "1m", CLEANTALK_MAX_ATTEMPTS: "7" };
    const settings = resolveSettings(
      config({ "cleantalk:apiUrl": "https://api.example.com", "cleantalk:requestTimeout": "5s", "cleantalk:maxAttempts": "2" }),
      env,
    );
    expect([settings.apiUrl.host, settings.timeouts.requestMs, settings.retry.maxAttempts]).toEqual(["api.example.com", 5_000, 2]);
  });

  it.each(["0s", "abc", "500", "10y"])("refuses requestTimeout %j, naming the setting and an example", (value) => {
    const error = inputError(() => resolveSettings(config({ "cleantalk:requestTimeout": value }), {}));
    expect(error.failures[0]?.property).toBe("cleantalk:requestTimeout");
    expect(error.message).toContain("pulumi config set cleantalk:requestTimeout 30s");
  });

  it("accepts a one-second requestTimeout", () => {
    expect(resolveSettings(config({ "cleantalk:requestTimeout": "1s" }), {}).timeouts.requestMs).toBe(1_000);
  });

  it.each(["0", "11", "2.5", "-1", "many"])("refuses maxAttempts %j", (value) => {
    const error = inputError(() => resolveSettings(undefined, { CLEANTALK_MAX_ATTEMPTS: value }));
    expect(error.failures[0]?.property).toBe("cleantalk:maxAttempts");
    expect(error.failures[0]?.reason).toContain("from 1 to 10");
  });

  it.each(["1", "10"])("accepts maxAttempts %s", (value) => {
    expect(resolveSettings(config({ "cleantalk:maxAttempts": value }), {}).retry.maxAttempts).toBe(Number(value));
  });

  it("refuses an insecure endpoint from config", () => {
    const error = thrownBy(() => resolveSettings(config({ "cleantalk:apiUrl": "http://api.example.com" }), {}));
    expect((error as CleantalkError).code).toBe("INSECURE_ENDPOINT");
  });
});
