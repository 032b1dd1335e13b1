// @ts-check
const { execFileSync } = require("node:child_process");
const os = require("node:os");

function machine(pulumiVersion) {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? "unknown",
    cores: cpus.length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    pulumi: pulumiVersion,
    date: new Date().toISOString(),
  };
}

/**
 * What else is using the CPU: the 1-minute load average and processes (not
 * this benchmark's) above 5 % CPU, e.g. other jest or pulumi runs.
 */
function loadSnapshot() {
  let others = [];
  try {
    const ps = execFileSync("ps", ["-eo", "pid,ppid,pcpu,comm", "--sort=-pcpu"], { encoding: "utf8" });
    others = ps
      .split("\n")
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols.length >= 4 && Number(cols[2]) >= 5 && Number(cols[0]) !== process.pid)
      .map((cols) => `${cols[3]}(${cols[2]}%)`)
      .slice(0, 6);
  } catch {
    // ps missing: the load average alone still says whether the machine was busy.
  }
  return { loadAvg1m: os.loadavg()[0] ?? 0, busy: others };
}

module.exports = { machine, loadSnapshot };
