// `npm run plugin:tarball`: packs the resource provider plugin for
//
//   pulumi plugin install resource cleantalk <version> --file <tarball>
//
// The engine runs `<plugin dir>/pulumi-resource-cleantalk`, so the tarball
// holds everything that needs, and nothing a program needs:
//
//   pulumi-resource-cleantalk   the launcher (a Node script: `node` must be on PATH)
//   package.json                the version (the plugin reports it to the engine), under the
//                               plugin's name: a second "pulumi-cleantalk" in a checkout's
//                               work directory would collide with the package in jest's index
//   dist/provider/**/*.js       the compiled provider (`npm run build` first)
//   node_modules/…              its production dependencies and @pulumi/pulumi (a peer
//                               dependency of the npm package, which the plugin runs on),
//                               copied from this checkout's node_modules: the versions
//                               of package-lock.json, no registry needed
//
// No PulumiPlugin.yaml: with one, `pulumi plugin install` would ask a language
// host to install dependencies, which are already here.
//
//   node scripts/plugin-tarball.js [--out <dir>]   (default plugin/dist); prints the tarball's path
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const outIndex = process.argv.indexOf("--out");
const outArgument = outIndex > 0 ? process.argv[outIndex + 1] : path.join(root, "plugin", "dist");
if (outArgument === undefined || outArgument === "") {
  console.error("usage: node scripts/plugin-tarball.js [--out <dir>]");
  process.exit(2);
}
const outDir = path.resolve(outArgument);
// Pulumi's download naming (pulumi-resource-<name>-v<version>-<os>-<arch>.tar.gz). The
// contents are JavaScript only, so the same tarball works on every platform Node runs on.
const arch = { x64: "amd64", arm64: "arm64" }[process.arch] ?? process.arch;
const tarball = path.join(outDir, `pulumi-resource-cleantalk-v${pkg.version}-${process.platform}-${arch}.tar.gz`);
/** A dependency tree deeper than this is a cycle the visited set missed: fail rather than loop. */
const MAX_DEPTH = 64;

/**
 * The directory Node would load `name` from when required inside `fromDir`:
 * the nearest node_modules/<name> up the tree (the layout npm installed).
 * @param {string} name
 * @param {string} fromDir
 */
function packageDir(name, fromDir) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", name);
    if (fs.existsSync(path.join(candidate, "package.json"))) return candidate;
    if (dir === root || dir === path.dirname(dir)) return undefined;
  }
}

/**
 * Every package the plugin loads at run time: the dependencies and required
 * peer dependencies of this package, then theirs, as npm resolved them here.
 * Optional dependencies are taken when installed (npm installs those that fit
 * the platform). Returns directories inside root.
 */
function productionClosure() {
  /** @type {Set<string>} */
  const found = new Set();
  /** @param {string} dir @param {any} manifest @param {number} depth */
  const visit = (dir, manifest, depth) => {
    if (depth > MAX_DEPTH) throw new Error(`dependencies nest deeper than ${MAX_DEPTH} below ${dir}`);
    const optionalPeers = new Set(Object.keys(manifest.peerDependenciesMeta ?? {}).filter((n) => manifest.peerDependenciesMeta[n]?.optional));
    const wanted = [
      ...Object.keys(manifest.dependencies ?? {}).map((name) => ({ name, optional: false })),
      ...Object.keys(manifest.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
      // An optional peer is the user's choice (ts-node, typescript): npm installs it for nobody.
      ...Object.keys(manifest.peerDependencies ?? {})
        .filter((name) => !optionalPeers.has(name))
        .map((name) => ({ name, optional: false })),
    ];
    for (const { name, optional } of wanted) {
      const dependency = packageDir(name, dir);
      if (dependency === undefined) {
        if (optional) continue;
        throw new Error(`${name} (needed by ${manifest.name}) is not installed: run \`npm install\` first`);
      }
      if (found.has(dependency)) continue;
      found.add(dependency);
      visit(dependency, JSON.parse(fs.readFileSync(path.join(dependency, "package.json"), "utf8")), depth + 1);
    }
  };
  visit(root, pkg, 0);
  return [...found].sort();
}

/** Copies a package without its own node_modules (its nested packages are copied as packages of their own). */
function copyPackage(from, to) {
  fs.cpSync(from, to, {
    recursive: true,
    filter: (source) => source === from || !path.relative(from, source).split(path.sep).includes("node_modules"),
  });
}

function main() {
  const built = path.join(root, "dist", "provider", "runtime", "plugin-main.js");
  if (!fs.existsSync(built)) throw new Error("dist/ has no compiled provider: run `npm run build` first");
  const stage = path.join(outDir, "stage");
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });

  fs.writeFileSync(
    path.join(stage, "pulumi-resource-cleantalk"),
    [
      "#!/usr/bin/env node",
      "// The cleantalk resource provider plugin, as `pulumi plugin install` unpacks it.",
      'require("./dist/provider/runtime/plugin-main.js").runPlugin();',
      "",
    ].join("\n"),
    { mode: 0o755 },
  );
  const { version, license } = pkg;
  const description = "The cleantalk resource provider plugin for Pulumi: CleanTalk Access keys in every Pulumi language.";
  const manifest = { name: "pulumi-resource-cleantalk", version, license, description, private: true };
  fs.writeFileSync(path.join(stage, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.cpSync(path.join(root, "dist", "provider"), path.join(stage, "dist", "provider"), {
    recursive: true,
    filter: (source) => fs.statSync(source).isDirectory() || (source.endsWith(".js") && !source.endsWith(".d.js")),
  });
  const packages = productionClosure();
  for (const dir of packages) copyPackage(dir, path.join(stage, path.relative(root, dir)));

  fs.mkdirSync(outDir, { recursive: true });
  // Sorted names, fixed owner and time: the same checkout packs the same bytes.
  execFileSync("tar", [
    "--create",
    "--gzip",
    "--file",
    tarball,
    "--directory",
    stage,
    "--sort=name",
    "--owner=0",
    "--group=0",
    "--numeric-owner",
    "--mtime=@0",
    "pulumi-resource-cleantalk",
    "package.json",
    "dist",
    "node_modules",
  ]);
  fs.rmSync(stage, { recursive: true, force: true });
  const bytes = fs.statSync(tarball).size;
  console.error(`plugin-tarball: ${packages.length} packages, ${(bytes / 1024 / 1024).toFixed(1)} MiB: ${path.relative(process.cwd(), tarball)}`);
  console.log(tarball);
}

try {
  main();
} catch (error) {
  console.error(`plugin-tarball: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
