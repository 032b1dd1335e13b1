// @ts-check
/**
 * bench/RESULTS.md is written by more than one script: `npm run bench`
 * renders the whole file, and each separate benchmark (e.g. `npm run
 * bench:status`) owns one section between `<!-- bench:<name>:start -->` and
 * `<!-- bench:<name>:end -->`. These helpers let each writer replace only what
 * it owns.
 */
const SECTION = /<!-- bench:([a-z0-9-]+):start -->[\s\S]*?<!-- bench:\1:end -->\n?/g;

/**
 * `text` with every owned section of `previous` that `text` lacks appended,
 * so rendering the main results does not drop the others' sections.
 * @param {string} text @param {string} previous
 */
function keepSections(text, previous) {
  const kept = [...previous.matchAll(SECTION)].filter((match) => !text.includes(`<!-- bench:${match[1]}:start -->`)).map((match) => match[0].trimEnd());
  return kept.length === 0 ? text : `${text.trimEnd()}\n\n${kept.join("\n\n")}\n`;
}

/**
 * `previous` with the section `name` replaced by `body` (or appended at the
 * end when it has none); everything else stays as it was.
 * @param {string} previous @param {string} name @param {string} body
 */
function replaceSection(previous, name, body) {
  const block = `<!-- bench:${name}:start -->\n${body.trim()}\n<!-- bench:${name}:end -->\n`;
  const pattern = new RegExp(`<!-- bench:${name}:start -->[\\s\\S]*?<!-- bench:${name}:end -->\\n?`);
  return pattern.test(previous) ? previous.replace(pattern, () => block) : `${previous.trimEnd()}\n\n${block}`;
}

module.exports = { keepSections, replaceSection };
