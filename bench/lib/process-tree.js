// @ts-check
/**
 * The resident memory of a process and all its descendants, sampled with
 * `ps` while it runs: what a command that spawns children (here, one pulumi
 * CLI per stack export) needs of the machine at its busiest moment.
 */
const { execFile } = require("node:child_process");

/** @returns {Promise<Map<number, { ppid: number, rssKiB: number }>>} */
function snapshot() {
  return new Promise((resolve) => {
    execFile("ps", ["-e", "-o", "pid=,ppid=,rss="], { encoding: "utf8" }, (error, stdout) => {
      /** @type {Map<number, { ppid: number, rssKiB: number }>} */
      const table = new Map();
      if (error === null) {
        for (const line of stdout.split("\n")) {
          const [pid, ppid, rss] = line.trim().split(/\s+/).map(Number);
          if (pid !== undefined && ppid !== undefined && rss !== undefined && Number.isFinite(pid)) table.set(pid, { ppid, rssKiB: rss });
        }
      }
      resolve(table);
    });
  });
}

/** @param {Map<number, { ppid: number, rssKiB: number }>} table @param {number} root */
function treeRss(table, root) {
  let total = 0;
  // Breadth-first over children; bounded by the table's size.
  const queue = [root];
  const seen = new Set();
  while (queue.length > 0 && seen.size <= table.size) {
    const pid = /** @type {number} */ (queue.shift());
    if (seen.has(pid)) continue;
    seen.add(pid);
    total += table.get(pid)?.rssKiB ?? 0;
    for (const [child, entry] of table) if (entry.ppid === pid) queue.push(child);
  }
  return total;
}

/**
 * Samples `pid`'s tree every `intervalMs` until `stop()`; resolves the peak in KiB.
 * @param {number} pid @param {number} [intervalMs]
 */
function watchTree(pid, intervalMs = 100) {
  let peak = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      peak = Math.max(peak, treeRss(await snapshot(), pid));
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
    return peak;
  })();
  return {
    stop: () => {
      running = false;
      return done;
    },
  };
}

module.exports = { watchTree };
