import { hostnamesOf, siteKeysOf } from "../../provider/domain/site-keys";
import { fakeKey } from "../support/provider-fixtures";

const key = fakeKey("site-keys");
const A = "https://a.example.com";
const B = "https://b.example.com:8443/shop";

describe("hostnamesOf", () => {
  it("is the URLs' host names unless CleanTalk named them differently (then stored)", () => {
    expect(hostnamesOf([A, B], undefined)).toEqual(["a.example.com", "b.example.com"]);
    expect(hostnamesOf([A], ["www.a.example.com"])).toEqual(["www.a.example.com"]);
  });

  it("returns a copy of what was stored", () => {
    const stored = ["a.example.com"];
    expect(hostnamesOf([A], stored)).not.toBe(stored);
  });
});

describe("siteKeysOf", () => {
  it("rebuilds a single site's entry from its URL, host name and authKey", () => {
    expect(siteKeysOf([A], ["www.a.example.com"], key, undefined)).toEqual({ [A]: { hostname: "www.a.example.com", authKey: key } });
  });

  it("takes a stored map as it is, for one site or several", () => {
    const stored = { [A]: { hostname: "a.example.com", authKey: fakeKey("a") }, [B]: { hostname: "b.example.com", authKey: fakeKey("b") } };
    expect(siteKeysOf([A, B], ["a.example.com", "b.example.com"], key, stored)).toEqual(stored);
    expect(siteKeysOf([A, B], ["a.example.com", "b.example.com"], key, stored)).not.toBe(stored);
    expect(siteKeysOf([A], ["a.example.com"], key, {})).toEqual({});
  });

  it("has nothing to rebuild for several sites without a stored map", () => {
    expect(siteKeysOf([A, B], ["a.example.com", "b.example.com"], key, undefined)).toEqual({});
  });
});
