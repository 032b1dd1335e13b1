// @ts-check
/**
 * Preloaded (`node --require`) into the command under measurement: writes its
 * peak resident set size, in KiB, to BENCH_MAX_RSS_FILE when it exits. The
 * process's own figure, children (the pulumi CLIs it spawns) not included.
 */
const { writeFileSync } = require("node:fs");

const file = process.env.BENCH_MAX_RSS_FILE;
if (file !== undefined && file !== "") {
  process.on("exit", () => writeFileSync(file, String(process.resourceUsage().maxRSS)));
}
