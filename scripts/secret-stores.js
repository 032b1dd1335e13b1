// The secret-store examples (examples/secret-stores) are written against the
// real provider SDKs (@pulumi/aws, @pulumi/kubernetes, @pulumi/vault,
// @pulumi/github). Those packages are large and nothing else needs them, so
// the examples are a workspace of their own, installed apart from the main
// `npm install`, and only type-checked: their provider plugins are downloaded
// at run time, which CI cannot do.
//
//   node scripts/secret-stores.js install     install the workspace from its lock file, unless already done
//   node scripts/secret-stores.js typecheck   install if needed, then tsc against the real SDK types
const { execFileSync } = require("node:child_process");
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const workspace = path.join(root, "examples", "secret-stores");
// Written after a successful install; holds the digest of the lock file it installed.
const stamp = path.join(workspace, "node_modules", ".installed-lock-sha256");

function lockDigest() {
  return createHash("sha256")
    .update(fs.readFileSync(path.join(workspace, "package-lock.json")))
    .digest("hex");
}

function install() {
  const digest = lockDigest();
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === digest) return;
  const started = Date.now();
  // `npm ci`: exactly the lock file's versions, into a fresh node_modules.
  // --ignore-scripts: @pulumi/kubernetes's install script downloads its
  // provider plugin, which type-checking does not need and CI cannot reach.
  execFileSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: workspace, stdio: "inherit" });
  fs.writeFileSync(stamp, digest);
  console.log(`secret-stores: installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

function typecheck() {
  if (!fs.existsSync(path.join(root, "dist", "sdk", "index.d.ts"))) {
    throw new Error("secret-stores: dist/ is missing; the examples import pulumi-cleantalk's built types. Run `npm run build` first.");
  }
  install();
  // The root's TypeScript, so the examples are checked with the compiler the package is built with.
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(workspace, "tsconfig.json")], { cwd: root, stdio: "inherit" });
  console.log("secret-stores: every example type-checks against its SDK");
}

const commands = { install, typecheck };
const command = process.argv[2] ?? "";
if (!Object.hasOwn(commands, command)) {
  console.error("usage: node scripts/secret-stores.js install|typecheck");
  process.exit(2);
}
try {
  commands[/** @type {keyof typeof commands} */ (command)]();
} catch (error) {
  // execFileSync already printed the child's output; say which step failed.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
