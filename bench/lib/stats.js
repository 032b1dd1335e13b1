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
 * The per-round ratios a[i] / b[i], sorted. Each round runs both sides back
 * to back (interleaved), so a pair shares the machine's load at that moment;
 * their spread says how far one run's median could move on a busy machine.
 * @param {readonly number[]} a @param {readonly number[]} b
 */
function roundRatios(a, b) {
  if (a.length !== b.length) throw new Error("roundRatios needs one b per a");
  return a.map((x, i) => x / /** @type {number} */ (b[i])).sort((x, y) => x - y);
}

/**
 * Median of the per-round ratios: the ratio of the two medians would mix
 * rounds taken under different load.
 * @param {readonly number[]} a @param {readonly number[]} b
 */
function pairedRatio(a, b) {
  return median(roundRatios(a, b));
}

/**
 * A distribution-free interval for the median of `values`: the widest-inward
 * pair of order statistics (x(k), x(n−k+1)) that still covers the median with
 * at least `coverage`, from the binomial(n, ½) count of values below it. With
 * 7 values the 95% interval is the smallest and the largest; with 15, the 4th
 * and the 12th. Below 6 values even the extremes cover less than 95%.
 * @param {readonly number[]} values @param {number} [coverage]
 * @returns {[number, number]}
 */
function medianInterval(values, coverage = 0.95) {
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return [Number.NaN, Number.NaN];
  // P(Bin(n, ½) ≤ j), accumulated for j = 0, 1, …
  let below = 0;
  let choose = 1;
  let k = 1;
  for (let j = 0; j < n / 2; j++) {
    below += choose / 2 ** n;
    choose = (choose * (n - j)) / (j + 1);
    if (1 - 2 * below < coverage) break;
    k = j + 1;
  }
  return [/** @type {number} */ (sorted[k - 1]), /** @type {number} */ (sorted[n - k])];
}

module.exports = { median, fixed, pairedRatio, roundRatios, medianInterval };
