// @ts-check
/**
 * CPU seconds spent during one command, per role of the processes that ran
 * it (the engine, the language host, the program, the provider host, the
 * emulator), read from /proc while it runs. On 2 cores every process of an
 * `up` competes for the same CPU, so where the extra seconds go says which
 * side of the gap our code can change.
 *
 * Sampled every 50 ms: a process's last moments before it exits, and the
 * short helpers that start and end between two samples, are not counted.
 * Linux only; elsewhere the result is undefined.
 */
const { existsSync, readFileSync, readdirSync } = require("node:fs");
const { execFileSync } = require("node:child_process");

/** @typedef {"engine" | "languageHost" | "program" | "provider" | "emulator"} Role */

/** @type {[Role, RegExp][]} */
const ROLES = [
  ["provider", /cmd\/dynamic-provider|pulumi-resource-pulumi-nodejs/],
  ["program", /@pulumi\/pulumi\/cmd\/run/],
  ["languageHost", /pulumi-language-nodejs/],
  ["emulator", /emulator\/cli\.js/],
  ["engine", /(^|\/)pulumi (up|preview)\b/],
];

/** @param {string} pid */
function readProcess(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
    return { ticks, cmdline };
  } catch {
    return undefined;
  }
}

/**
 * Runs `command` while sampling; resolves its result and the CPU seconds per role.
 * @template T
 * @param {() => Promise<T>} command
 * @returns {Promise<{ result: T, cpuSeconds: Partial<Record<Role, number>> | undefined }>}
 */
async function cpuByRole(command) {
  if (!existsSync("/proc/self/stat")) return { result: await command(), cpuSeconds: undefined };
  const ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  /** @type {Map<string, { before: number, ticks: number, role: Role | undefined }>} */
  const seen = new Map();
  const sample = (/** @type {boolean} */ first) => {
    for (const pid of readdirSync("/proc")) {
      if (!/^\d+$/.test(pid)) continue;
      const now = readProcess(pid);
      if (now === undefined) continue;
      const entry = seen.get(pid) ?? { before: first ? now.ticks : 0, ticks: now.ticks, role: undefined };
      entry.ticks = now.ticks;
      // A process execs after it starts (the provider's shell wrapper becomes node): read its name each time.
      entry.role = ROLES.find(([, pattern]) => pattern.test(now.cmdline))?.[0] ?? entry.role;
      seen.set(pid, entry);
    }
  };
  sample(true);
  const timer = setInterval(() => sample(false), 50);
  try {
    const result = await command();
    sample(false);
    /** @type {Partial<Record<Role, number>>} */
    const cpuSeconds = {};
    for (const { before, ticks, role } of seen.values()) {
      if (role === undefined || ticks <= before) continue;
      cpuSeconds[role] = (cpuSeconds[role] ?? 0) + (ticks - before) / ticksPerSecond;
    }
    return { result, cpuSeconds };
  } finally {
    clearInterval(timer);
  }
}

module.exports = { cpuByRole };
