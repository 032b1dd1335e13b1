// `npm run build`: compiles provider/, sdk/, emulator/, cli/ and policy/ into
// dist/ and stamps the build, so the end-to-end layer can tell a stale one
// (test/e2e/build-if-stale.js).
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit" });
// The package's command runs from a checkout too (`node_modules/.bin` links
// are npm's job on install, the executable bit is the build's).
fs.chmodSync(path.join(root, "dist", "cli", "index.js"), 0o755);
fs.writeFileSync(path.join(root, "dist", ".build-stamp"), "");
