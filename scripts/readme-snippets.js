// README code snippets are copied from the examples, never written by hand, so
// what the README shows is what the type checker (or the tests) saw. An
// example marks a region, in its language's line comments (`//` in
// TypeScript and Go, `#` in YAML and Python):
//
//   // #region feeding-vault          # region python-key
//   …                                  …
//   // #endregion                      # endregion
//
// and README.md names it between two markers, whose contents this script owns:
//
//   <!-- snippet: examples/secret-stores/vault/index.ts#feeding-vault -->
//   <!-- /snippet -->
//
// The reference for every language is rendered the same way from the
// plugin's package schema (scripts/lib/schema-reference.js):
//
//   <!-- schema-reference: plugin/schema.json -->
//   <!-- /schema-reference -->
//
//   node scripts/readme-snippets.js           rewrite the snippets in README.md
//   node scripts/readme-snippets.js --check   fail if README.md is out of date (part of `npm test`)
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const readmePath = path.join(root, "README.md");
const MARKED = /(<!-- snippet: ([^\s#]+)#(\S+) -->\n)[\s\S]*?(<!-- \/snippet -->)/g;
const SCHEMA_MARKED = /(<!-- schema-reference: (\S+) -->\n)[\s\S]*?(<!-- \/schema-reference -->)/g;
const REGION_START = /^\s*(?:\/\/|#) #?region (\S+)\s*$/;
const REGION_END = /^\s*(?:\/\/|#) #?endregion\b/;
const FENCES = { ".ts": "ts", ".js": "js", ".yaml": "yaml", ".py": "python", ".go": "go" };
const { schemaReference } = require("./lib/schema-reference");

/**
 * The lines of region `name` in `file`, without the markers of any region
 * nested in it, dedented.
 * @param {string} file path relative to the repository
 * @param {string} name
 */
function region(file, name) {
  const lines = fs.readFileSync(path.join(root, file), "utf8").split("\n");
  const start = lines.findIndex((line) => REGION_START.exec(line)?.[1] === name);
  if (start < 0) throw new Error(`${file} has no "// #region ${name}"`);
  if (lines.findIndex((line, index) => index > start && REGION_START.exec(line)?.[1] === name) >= 0) {
    throw new Error(`${file} has two regions named ${name}`);
  }
  /** @type {string[]} */
  const body = [];
  let depth = 1;
  for (const line of lines.slice(start + 1)) {
    if (REGION_START.test(line)) depth += 1;
    else if (REGION_END.test(line)) depth -= 1;
    else body.push(line);
    if (depth === 0) break;
  }
  if (depth !== 0) throw new Error(`${file}: region ${name} has no "// #endregion"`);
  if (body.every((line) => line.trim() === "")) throw new Error(`${file}: region ${name} is empty`);
  const indent = Math.min(...body.filter((line) => line.trim() !== "").map((line) => /^ */.exec(line)?.[0].length ?? 0));
  return body.map((line) => line.slice(indent)).join("\n");
}

/** @param {string} readme */
function render(readme) {
  return readme
    .replace(MARKED, (_match, open, file, name, close) => {
      const fence = FENCES[/** @type {keyof typeof FENCES} */ (path.extname(file))] ?? "";
      return `${open}\`\`\`${fence}\n${region(file, name)}\n\`\`\`\n${close}`;
    })
    .replace(SCHEMA_MARKED, (_match, open, file, close) => {
      const schema = JSON.parse(fs.readFileSync(path.join(root, file), "utf8"));
      return `${open}\n${schemaReference(schema)}\n\n${close}`;
    });
}

const current = fs.readFileSync(readmePath, "utf8");
let updated;
try {
  updated = render(current);
} catch (error) {
  console.error(`readme-snippets: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
if (process.argv.includes("--check")) {
  if (updated !== current) {
    console.error("readme-snippets: README.md's snippets or schema reference differ from their sources. Run `npm run readme` and commit the result.");
    process.exit(1);
  }
  console.log(
    `readme-snippets: ${[...current.matchAll(MARKED)].length} snippets match the examples, ${[...current.matchAll(SCHEMA_MARKED)].length} schema reference matches the schema`,
  );
} else if (updated !== current) {
  fs.writeFileSync(readmePath, updated);
  console.log("readme-snippets: README.md updated");
}
