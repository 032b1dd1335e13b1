import { containsUnknown, UNKNOWN_VALUE } from "../../provider/domain/unknown-values";

describe("containsUnknown", () => {
  it("is Pulumi's preview placeholder", () => {
    expect(UNKNOWN_VALUE).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
  });

  it.each([
    [UNKNOWN_VALUE, true],
    [["a", UNKNOWN_VALUE], true],
    [{ a: { b: [UNKNOWN_VALUE] } }, true],
    ["04da6b54", false],
    [["a", "b"], false],
    [{ a: "b" }, false],
    [null, false],
    [undefined, false],
    [42, false],
  ])("%j → %s", (value, expected) => {
    expect(containsUnknown(value)).toBe(expected);
  });
});
