// Makes `require("pulumi-cleantalk/...")` resolve inside this repository, as it
// does in a user's project where the package is installed in node_modules.
// The serialised provider loads its runtime by package name (see
// sdk/serialized-provider.ts), so the examples and tests need this link.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const link = path.join(root, "node_modules", "pulumi-cleantalk");
fs.mkdirSync(path.dirname(link), { recursive: true });
try {
  if (fs.readlinkSync(link) === "..") process.exit(0);
} catch {
  // absent or not a link: (re)create below
}
fs.rmSync(link, { recursive: true, force: true });
fs.symlinkSync("..", link, "dir");
