import { sameValue } from "../../provider/domain/same-value";

describe("sameValue", () => {
  it.each([
    [{ a: "1", b: "2" }, { b: "2", a: "1" }, true],
    [{ a: { x: 1, y: [1, 2] } }, { a: { y: [1, 2], x: 1 } }, true],
    [["a", "b"], ["a", "b"], true],
    [["a", "b"], ["b", "a"], false],
    [{ a: "1" }, { a: "1", b: "2" }, false],
    [{}, {}, true],
    [undefined, undefined, true],
    [undefined, "x", false],
    [null, null, true],
    ["x", "x", true],
    [1, "1", false],
  ])("%j and %j → %s (object keys in any order, list order counts)", (a, b, expected) => {
    expect(sameValue(a, b)).toBe(expected);
  });
});
