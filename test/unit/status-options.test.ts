import { parseStatusArgs } from "../../cli/status-options";

describe("parseStatusArgs", () => {
  it("reads one stack, several, all, or none (the selected stack)", () => {
    expect(parseStatusArgs(["--stack", "prod"])).toEqual({ selection: { kind: "named", stacks: ["prod"] }, json: false, check: false });
    expect(parseStatusArgs(["--stack", "a", "-s", "org/web/b", "--json"])).toEqual({
      selection: { kind: "named", stacks: ["a", "org/web/b"] },
      json: true,
      check: false,
    });
    expect(parseStatusArgs(["--all", "--check"])).toEqual({ selection: { kind: "all" }, json: false, check: true });
    expect(parseStatusArgs([])).toEqual({ selection: { kind: "selected" }, json: false, check: false });
    expect(parseStatusArgs(["--help"])).toBe("help");
  });

  it.each([
    [["--all", "--stack", "prod"], /^USAGE: --all and --stack cannot be combined\./],
    [["--stacks", "prod"], /^USAGE: Unknown option '--stacks'/],
    [["prod"], /^USAGE: unexpected argument "prod"\. Fix: name stacks with --stack <name>\.$/],
    [["--stack", " "], /^USAGE: --stack needs a stack name\./],
    [["--stack"], /^USAGE: Option '-s, --stack <value>' argument missing/],
  ])("refuses %j with one line that starts with the code", (args, message) => {
    expect(() => parseStatusArgs(args)).toThrow(message);
  });
});
