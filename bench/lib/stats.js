// @ts-check
/** @param {readonly number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? /** @type {number} */ (sorted[mid]) : /** @type {number} */ (sorted[mid - 1] + /** @type {number} */ (sorted[mid])) / 2;
}

/** @param {number} n @param {number} [digits] */
function fixed(n, digits = 2) {
  return Number.isFinite(n) ? n.toFixed(digits) : String(n);
}

/**
 * Median of the per-round ratios a[i] / b[i]. Each round runs both sides back
 * to back (interleaved), so a pair shares the machine's load at that moment;
 * the ratio of the two medians would mix rounds taken under different load.
 * @param {readonly number[]} a @param {readonly number[]} b
 */
function pairedRatio(a, b) {
  if (a.length !== b.length) throw new Error("pairedRatio needs one b per a");
  return median(a.map((x, i) => x / /** @type {number} */ (b[i])));
}

module.exports = { median, fixed, pairedRatio };
