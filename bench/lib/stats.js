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

module.exports = { median, fixed };
