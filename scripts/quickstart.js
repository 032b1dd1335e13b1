#!/usr/bin/env node
// `npm start [-- up|preview|due|rotate|destroy|env]`: the quickstart.
// Makes the Pulumi CLI available, starts the CleanTalk emulator on loopback
// (its accounts persisted under .work/quickstart so runs build on each other),
// and drives the top-level Pulumi.yaml program on a local file backend. No
// login and no network beyond the package registries.
const { execFileSync, spawn } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const work = path.join(root, ".work", "quickstart");
const stack = "quickstart";
const command = process.argv[2] ?? "up";
const commands = new Set(["up", "preview", "due", "rotate", "destroy", "env"]);

async function main() {
  if (!commands.has(command)) {
    console.error(`unknown command "${command}"; use one of: ${[...commands].join(", ")}`);
    process.exit(2);
  }
  if (!fs.existsSync(path.join(root, "dist", "emulator", "index.js"))) {
    console.error("dist/ is missing: run `npm install` (it builds the package) first.");
    process.exit(1);
  }
  fs.mkdirSync(path.join(work, "state"), { recursive: true });

  console.log("• Pulumi CLI: finding or building it (the first build takes a few minutes)…");
  const bin = execFileSync("bash", [path.join(root, "scripts", "pulumi-cli.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();

  const { startEmulator } = require(path.join(root, "dist", "emulator"));
  const emulator = await startEmulator({ persistPath: path.join(work, "emulator-state.json") });
  console.log(`• CleanTalk emulator: ${emulator.url} (control surface ${emulator.controlUrl})`);

  const env = {
    ...process.env,
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "quickstart",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_HOME: path.join(work, "pulumi-home"),
  };
  // Asynchronous on purpose: the emulator answers from this very process, so
  // a synchronous child would block its event loop.
  const pulumi = (args, options = {}) =>
    new Promise((resolve, reject) => {
      const child = spawn("pulumi", [...args, "--stack", stack, "--non-interactive"], {
        cwd: root,
        env,
        stdio: options.capture ? ["ignore", "pipe", "pipe"] : "inherit",
      });
      let stdout = "";
      let stderr = "";
      child.stdout?.on("data", (chunk) => (stdout += chunk));
      child.stderr?.on("data", (chunk) => (stderr += chunk));
      child.on("error", reject);
      child.on("close", (status) => {
        if (status !== 0 && !options.allowFailure) reject(new Error(`pulumi ${args[0]} failed (exit ${status})${stderr ? `: ${stderr.trim()}` : ""}`));
        else resolve({ status, stdout, stderr });
      });
    });

  try {
    if (command === "env") return printEnv(env, emulator);
    await pulumi(["stack", "select", "--create"], { capture: true });
    // The emulator's port changes from run to run; the endpoint is provider
    // configuration, so changing it never touches the key.
    await pulumi(["config", "set", "cleantalk:apiUrl", emulator.url]);

    if (command === "preview") await pulumi(["preview", "--diff"]);
    if (command === "due") {
      // A key is due from `renewBefore` ahead of its expiry. Shortening its
      // life to an hour and the window to all but its first second makes the
      // key due now, so every preview and up shows the warning it gets
      // eleven months into a real life. Settings update a key in place.
      console.log("• Shortening the key's life to 1h, due from its first second: pulumi config set maxAge 1h / renewBefore 59m59s");
      await pulumi(["config", "set", "maxAge", "1h"], { capture: true });
      await pulumi(["config", "set", "renewBefore", "59m59s"], { capture: true });
      await pulumi(["up", "--yes", "--skip-preview"]);
    }
    if (command === "rotate") {
      // CleanTalk issues a new key for an existing site only from its
      // dashboard ("Generate key"); the emulator plays that part here, and the
      // new key is adopted exactly as the README's runbook says.
      const email = await configValue(pulumi, "email", "you@example.com");
      const website = await configValue(pulumi, "website", "https://example.com");
      const newKey = emulator.generateKey({ email, website });
      console.log("• Dashboard (emulated): generated a new key; storing it with `pulumi config set --secret authKey …`");
      await pulumi(["config", "set", "--secret", "authKey", newKey], { capture: true });
      // Back to the real schedule if `due` shortened it.
      for (const key of ["maxAge", "renewBefore"]) await pulumi(["config", "rm", key], { capture: true, allowFailure: true });
      await pulumi(["up", "--yes", "--skip-preview"]);
    }
    if (command === "up") await pulumi(["up", "--yes", "--skip-preview"]);
    if (command === "destroy") await pulumi(["destroy", "--yes", "--skip-preview"]);
    if (command !== "destroy") await summarise(pulumi, emulator);
  } finally {
    await emulator.stop();
  }
}

async function configValue(pulumi, key, fallback) {
  const result = await pulumi(["config", "get", key], { capture: true, allowFailure: true });
  return result.status === 0 ? result.stdout.trim() : fallback;
}

async function summarise(pulumi, emulator) {
  const outputs = JSON.parse((await pulumi(["stack", "output", "--json"], { capture: true })).stdout || "{}");
  const counters = emulator.counters();
  console.log(`
✔ Stack "${stack}" (state in .work/quickstart/state, passphrase "quickstart")
    authKey      ${outputs.authKey ?? "(none)"}       ← secret; see it with the env below and: pulumi stack output authKey --show-secrets
    fingerprint  ${outputs.fingerprint ?? "-"}
    source       ${outputs.source ?? "-"}
    createdAt    ${outputs.createdAt ?? "-"}
    rotateAfter  ${outputs.rotateAfter ?? "-"}   ← from then on the key is due: every preview and up warns
    expiresAt    ${outputs.expiresAt ?? "-"}
    state        ${outputs.rotationState ?? "-"}${outputs.daysLeft === undefined ? "" : ` (${outputs.daysLeft} days left)`}
  Emulator (this run): ${counters.requests.total} API call(s), ${counters.totalKeysIssued} key(s) issued through the API.

What to try next:
  npm start -- preview    plan again: no change, no API call
  npm start -- due        make the key due now (short maxAge) and see the warning every preview and up prints
  npm start -- rotate     rotate now: "Generate key" in the (emulated) dashboard, adopt it via authKey; created before the old one is dropped
  npm start -- destroy    remove the key from state
  npm start -- env        print the environment to run pulumi commands yourself
  Real CleanTalk:         pulumi config set cleantalk:apiUrl https://api.cleantalk.org (and use your own email and site)
`);
}

function printEnv(env, emulator) {
  console.log(`# Paste into a shell in ${root}, with an emulator running: npm run emulator -- --port 8787 --state-file .work/quickstart/emulator-state.json
export PATH="${env.PATH.split(path.delimiter)[0]}:$PATH"
export PULUMI_BACKEND_URL="${env.PULUMI_BACKEND_URL}"
export PULUMI_CONFIG_PASSPHRASE="${env.PULUMI_CONFIG_PASSPHRASE}"
export PULUMI_HOME="${env.PULUMI_HOME}"
export PULUMI_SKIP_UPDATE_CHECK=true
pulumi stack select ${stack} && pulumi config set cleantalk:apiUrl http://127.0.0.1:8787`);
  void emulator;
}

main().catch((error) => {
  console.error(`quickstart failed: ${error.message}`);
  process.exit(1);
});
