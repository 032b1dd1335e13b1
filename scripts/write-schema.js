// `npm run schema`: writes plugin/schema.json, the package schema every
// language's SDK is generated from, from provider/runtime/package-schema.ts
// (built into dist/). test/unit/package-schema.test.ts fails while it is stale.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const { PACKAGE_SCHEMA } = require(path.join(root, "dist", "provider", "runtime", "package-schema.js"));
const { version } = require(path.join(root, "package.json"));
fs.writeFileSync(path.join(root, "plugin", "schema.json"), `${JSON.stringify({ ...PACKAGE_SCHEMA, version }, null, 2)}\n`);
