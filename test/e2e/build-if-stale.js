// The end-to-end layer runs the built package (dist/) in the engine's own
// processes. Rebuild it when any source is newer than the last build, so a
// source edit is never tested stale.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");
const stamp = path.join(root, "dist", ".build-stamp");

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

module.exports = async function buildIfStale() {
  const built = fs.existsSync(stamp) ? fs.statSync(stamp).mtimeMs : 0;
  const sources = Math.max(
    ...["provider", "sdk", "emulator", "cli", "policy"].map((dir) => newestSource(path.join(root, dir))),
    fs.statSync(path.join(root, "package.json")).mtimeMs,
  );
  if (sources <= built) return;
  execFileSync(process.execPath, [path.join(root, "scripts", "build.js")], { stdio: "inherit" });
};
