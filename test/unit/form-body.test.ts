import { encodeForm } from "../../provider/client/form-body";

describe("encodeForm", () => {
  it("encodes scalars, repeats lists as name[] and skips undefined", () => {
    const body = encodeForm({
      method_name: "get_api_key",
      email: "ops+1@example.com",
      platform: undefined,
      website: ["https://a.example.com", "https://b.example.com"],
    });
    expect(body).toBe(
      "method_name=get_api_key&email=ops%2B1%40example.com&website%5B%5D=https%3A%2F%2Fa.example.com&website%5B%5D=https%3A%2F%2Fb.example.com",
    );
    expect(new URLSearchParams(body).getAll("website[]")).toEqual(["https://a.example.com", "https://b.example.com"]);
  });
});
