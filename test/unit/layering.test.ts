/**
 * The one-way rule of CONTRIBUTING.md "Layers": each folder of provider/
 * imports only the folders below it, and sdk/ only the pure bottom (domain,
 * errors) plus the internal entry point as types. The command (cli/) and the
 * policy pack (policy/) read state and stay off the provider's lifecycle and
 * runtime: cli/ may use the client (for `status --check`), policy/ not even
 * that. Read from the sources' import statements, so a new import against the
 * order fails here.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

/** Lower layers first; a file may import its own layer and any before it. */
const ORDER = ["domain", "errors", "schema", "client", "lifecycle", "runtime"] as const;
type Layer = (typeof ORDER)[number] | "entry" | "sdk" | "cli" | "policy";

/** What each layer may import, besides itself. domain and errors are both the bottom and import nothing of ours. */
const ALLOWED: Readonly<Record<Layer, readonly Layer[]>> = {
  domain: [],
  errors: [],
  schema: ["domain", "errors"],
  client: ["domain", "errors", "schema"],
  lifecycle: ["domain", "errors", "schema", "client"],
  runtime: ["domain", "errors", "schema", "client", "lifecycle"],
  entry: ["domain", "errors", "schema", "client", "lifecycle", "runtime"],
  sdk: ["domain", "errors"],
  cli: ["domain", "errors", "schema", "client"],
  policy: ["domain", "errors", "schema"],
};

/** Folders that never load this package by name: they run from its own dist/, next to what they import. */
const NO_SELF_REFERENCE: readonly Layer[] = ["cli", "policy"];

interface Violation {
  readonly file: string;
  readonly specifier: string;
  readonly reason: string;
}

function layerOf(file: string): Layer | undefined {
  const relative = path.relative(ROOT, file).split(path.sep);
  if (relative[0] === "sdk" || relative[0] === "cli" || relative[0] === "policy") return relative[0];
  if (relative[0] !== "provider") return undefined;
  if (relative.length === 2) return "entry";
  return (ORDER as readonly string[]).includes(relative[1] ?? "") ? (relative[1] as Layer) : undefined;
}

const importPattern = /^\s*(import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)"|require\("([^"]+)"\)|import\s+\w+\s*=\s*require\("([^"]+)"\)/gm;

/** The violations of one file's source text. Exported through the test so it can be checked on a bad example. */
function violationsOf(file: string, text: string): { checked: number; violations: Violation[] } {
  const from = layerOf(file);
  const violations: Violation[] = [];
  let checked = 0;
  if (from === undefined) return { checked, violations };
  // Comments may quote code (the shim's doc shows the require Pulumi stores); only code counts.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  for (const match of code.matchAll(importPattern)) {
    const typeOnly = match[2] !== undefined;
    const specifier = match[3] ?? match[4] ?? match[5] ?? "";
    if (!specifier.startsWith(".")) {
      // Package names: the SDK's serialised shim loads the internal entry
      // point by name at run time; nothing else of ours is loaded by name.
      if (specifier.startsWith("pulumi-cleantalk") && NO_SELF_REFERENCE.includes(from)) {
        violations.push({ file, specifier, reason: `${from} loads this package by name` });
      } else if (specifier.startsWith("pulumi-cleantalk") && specifier !== "pulumi-cleantalk/internal") {
        violations.push({ file, specifier, reason: "loads this package by a name other than its internal entry point" });
      }
      continue;
    }
    checked++;
    const target = path.resolve(path.dirname(file), specifier);
    const to = layerOf(`${target}.ts`) ?? layerOf(path.join(target, "index.ts"));
    if (to === undefined) {
      violations.push({ file, specifier, reason: "imports outside provider/, sdk/, cli/ and policy/" });
      continue;
    }
    if (to === from) continue;
    // The SDK names the internal entry point's types for its shim; types leave nothing behind at run time.
    if (from === "sdk" && to === "entry" && typeOnly) continue;
    if (!ALLOWED[from].includes(to)) violations.push({ file, specifier, reason: `${from} may not import ${to}` });
  }
  return { checked, violations };
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

describe("layers", () => {
  it("every import in provider/, sdk/, cli/ and policy/ follows the one-way order", () => {
    let checked = 0;
    const violations: Violation[] = [];
    for (const file of ["provider", "sdk", "cli", "policy"].flatMap((dir) => sourceFiles(path.join(ROOT, dir)))) {
      const result = violationsOf(file, readFileSync(file, "utf8"));
      checked += result.checked;
      violations.push(...result.violations);
    }
    expect(violations.map((v) => `${path.relative(ROOT, v.file)} → ${v.specifier}: ${v.reason}`)).toEqual([]);
    // The rule is only as good as the imports it saw.
    expect(checked).toBeGreaterThan(80);
  });

  it.each([
    ["provider/domain/schedule.ts", 'import { z } from "../schema/stored-key";', "domain may not import schema"],
    ["provider/schema/stored-key.ts", 'import { KeyLifecycle } from "../lifecycle/key-lifecycle";', "schema may not import lifecycle"],
    ["provider/client/transport.ts", 'import type { KeyChange } from "../lifecycle/plan-change";', "client may not import lifecycle"],
    ["sdk/cleantalk-access-key.ts", 'import { checkKey } from "../provider/lifecycle/check-key";', "sdk may not import lifecycle"],
    ["sdk/index.ts", 'import { dynamicProvider } from "../provider";', "sdk may not import entry"],
    ["provider/runtime/x.ts", 'const m = require("pulumi-cleantalk/provider");', "loads this package by a name other than its internal entry point"],
    ["cli/key-check.ts", 'import { KeyLifecycle } from "../provider/lifecycle/key-lifecycle";', "cli may not import lifecycle"],
    ["cli/status-command.ts", 'import { dynamicProvider } from "../provider/runtime/dynamic-provider";', "cli may not import runtime"],
    ["cli/index.ts", 'import { maxAgePolicy } from "../policy/max-age";', "cli may not import policy"],
    ["policy/max-age.ts", 'import { CleantalkClient } from "../provider/client/cleantalk-client";', "policy may not import client"],
    ["policy/index.ts", 'import { keysOfStack } from "../cli/key-rows";', "policy may not import cli"],
    ["policy/index.ts", 'import { storedDetailsSchema } from "pulumi-cleantalk/internal";', "policy loads this package by name"],
    ["provider/schema/x.ts", 'import { runStatus } from "../../cli/status-command";', "schema may not import cli"],
  ])("refuses %s importing against the order", (file, line, reason) => {
    const { violations } = violationsOf(path.join(ROOT, file), line);
    expect(violations.map((v) => v.reason)).toEqual([reason]);
  });

  it("accepts imports down the order, within a layer and type-only imports of the entry point from sdk/", () => {
    const lines = [
      ["provider/lifecycle/x.ts", 'import { obtainKeys } from "./obtain-key";'],
      ["provider/runtime/x.ts", 'import { KeyLifecycle } from "../lifecycle/key-lifecycle";'],
      ["provider/schema/x.ts", 'import { parseDuration } from "../domain/duration";'],
      ["sdk/serialized-provider.ts", 'import type * as providerModule from "../provider";'],
      ["cli/key-check.ts", 'import { CleantalkClient } from "../provider/client/cleantalk-client";'],
      ["policy/max-age.ts", 'import { storedDetailsSchema } from "../provider/schema/stored-key";'],
    ] as const;
    for (const [file, line] of lines) expect(violationsOf(path.join(ROOT, file), line).violations).toEqual([]);
  });
});
