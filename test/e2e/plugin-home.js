// The e2e layer's PULUMI_HOME with the cleantalk plugin installed from its
// tarball, as a user installs it (`pulumi plugin install resource cleantalk
// <version> --file <tarball>`). global-setup.js runs it after
// build-if-stale.js: the tarball is packed again when the build is newer than it,
// and installed again when the tarball is newer than the installation. Test
// stacks of YAML and Python programs share this home (test/support/plugin.ts);
// test/e2e/plugin-install.test.ts installs a tarball on its own to prove the
// command.
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..", "..");
const work = path.join(root, ".work", "plugin");
const home = path.join(work, "pulumi-home");
/** Written last, so a half-done install is redone by the next run. */
const installedMark = path.join(home, ".installed-from");

const mtime = (file) => (fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0);

/** Packs the tarball unless it is newer than dist/, the lock file and the packing script; returns its path. */
function packIfStale() {
  const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const existing = fs.existsSync(work) ? fs.readdirSync(work).find((name) => name.startsWith(`pulumi-resource-cleantalk-v${version}-`)) : undefined;
  const inputs = Math.max(
    ...[path.join("dist", ".build-stamp"), "package-lock.json", path.join("scripts", "plugin-tarball.js")].map((file) => mtime(path.join(root, file))),
  );
  if (existing !== undefined && mtime(path.join(work, existing)) > inputs) return path.join(work, existing);
  return execFileSync(process.execPath, [path.join(root, "scripts", "plugin-tarball.js"), "--out", work], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
}

module.exports = async function installPluginIfStale() {
  const tarball = packIfStale();
  if (mtime(installedMark) > mtime(tarball) && fs.readFileSync(installedMark, "utf8") === tarball) return;
  const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const cli = execFileSync("bash", [path.join(root, "scripts", "pulumi-cli.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
  fs.rmSync(home, { recursive: true, force: true });
  fs.mkdirSync(home, { recursive: true });
  execFileSync(path.join(cli, "pulumi"), ["plugin", "install", "resource", "cleantalk", version, "--file", tarball, "--non-interactive"], {
    env: { ...process.env, PULUMI_HOME: home, PULUMI_SKIP_UPDATE_CHECK: "true" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  fs.writeFileSync(installedMark, tarball);
};
