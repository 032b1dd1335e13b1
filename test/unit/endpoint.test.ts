import { DEFAULT_API_URL, isLoopback, resolveApiUrl } from "../../provider/client/endpoint";
import { CleantalkError } from "../../provider/errors/cleantalk-error";
import { thrownBy } from "../support/provider-fixtures";

function refusal(configured: string | undefined, env: NodeJS.ProcessEnv = {}): CleantalkError {
  const error = thrownBy(() => resolveApiUrl(configured, env));
  expect(CleantalkError.isInstance(error)).toBe(true);
  expect((error as CleantalkError).code).toBe("INSECURE_ENDPOINT");
  return error as CleantalkError;
}

describe("resolveApiUrl", () => {
  it("defaults to CleanTalk's public https endpoint", () => {
    expect(DEFAULT_API_URL).toBe("https://api.cleantalk.org");
    expect(resolveApiUrl(undefined, {}).href).toBe("https://api.cleantalk.org/");
  });

  it("accepts any https URL", () => {
    expect(resolveApiUrl("https://proxy.example.com:8443/cleantalk", {}).href).toBe("https://proxy.example.com:8443/cleantalk");
  });

  it.each(["http://127.0.0.1:8787", "http://localhost:8787", "http://[::1]:8787", "http://127.10.20.30"])("accepts plain http on loopback: %s", (url) => {
    expect(resolveApiUrl(url, {}).protocol).toBe("http:");
  });

  it.each(["http://api.cleantalk.org", "http://10.0.0.5:8787", "http://0.0.0.0:8787", "http://127.0.0.1.evil.example", "http://localhost.example.com"])(
    "refuses plain http off loopback: %s",
    (url) => {
      expect(refusal(url).message).toContain("only travel over https");
    },
  );

  it.each(["ftp://api.example.com", "file:///tmp/api"])("refuses other schemes: %s", (url) => {
    refusal(url);
  });

  it("refuses credentials in the URL without repeating them", () => {
    const error = refusal("https://admin:s3cr3tpw@api.example.com");
    expect(error.message).toContain("must not contain credentials");
    expect(error.message).not.toContain("s3cr3tpw");
  });

  it("refuses a value that is not a URL, without repeating credentials in it", () => {
    expect(refusal("not a url").message).toContain("is not a URL");
    expect(refusal("https://admin:s3cr3tpw@exa mple.com").message).not.toContain("s3cr3tpw");
  });

  it("config wins over CLEANTALK_API_URL, which wins over the default", () => {
    const env = { CLEANTALK_API_URL: "http://127.0.0.1:9999" };
    expect(resolveApiUrl("https://config.example.com", env).host).toBe("config.example.com");
    expect(resolveApiUrl(undefined, env).host).toBe("127.0.0.1:9999");
    expect(resolveApiUrl("   ", env).host).toBe("127.0.0.1:9999");
    expect(resolveApiUrl(undefined, { CLEANTALK_API_URL: "" }).href).toBe("https://api.cleantalk.org/");
  });

  it("applies the same policy to the environment variable", () => {
    refusal(undefined, { CLEANTALK_API_URL: "http://api.example.com" });
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
