// `npm run build`: compiles provider/, sdk/ and emulator/ into dist/ and
// stamps the build, so the end-to-end layer can tell a stale one
// (test/e2e/build-if-stale.js).
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json")], { stdio: "inherit" });
fs.writeFileSync(path.join(root, "dist", ".build-stamp"), "");
