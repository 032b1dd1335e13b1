// The README's reference for every language, rendered from the plugin's
// package schema (plugin/schema.json), so it cannot drift from what the SDKs
// are generated from. scripts/readme-snippets.js puts it between
//
//   <!-- schema-reference: plugin/schema.json -->
//   <!-- /schema-reference -->
//
// Tables are padded the way Biome formats Markdown, so `npm run lint` and
// `npm run readme:check` agree on README.md.

/** @typedef {{ type?: string, $ref?: string, items?: Property, additionalProperties?: Property, oneOf?: Property[], secret?: boolean, description?: string, default?: unknown }} Property */

/** Python's name for a schema property, as the generated SDK spells it. */
const python = (/** @type {string} */ name) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
/** Go's field name, as the generated SDK spells it. */
const go = (/** @type {string} */ name) => name.charAt(0).toUpperCase() + name.slice(1);
const code = (/** @type {string} */ text) => `\`${text}\``;

/**
 * A schema type in the words a reader of any language understands.
 * @param {Property} property
 * @returns {string}
 */
function typeOf(property) {
  if (property.oneOf) return property.oneOf.map(typeOf).join(" | ");
  if (property.$ref === "pulumi.json#/Any") return "any";
  if (property.$ref) return property.$ref.split(":").pop() ?? property.$ref;
  if (property.type === "array" && property.items) return `${typeOf(property.items)}[]`;
  if (property.type === "object" && property.additionalProperties) return `map<string, ${typeOf(property.additionalProperties)}>`;
  return property.type ?? "any";
}

/** A table cell: pipes escaped, as Markdown needs inside a table. */
const cell = (/** @type {string} */ text) => text.replace(/\|/g, "\\|");

/**
 * A Markdown table, each column padded to its widest cell (Biome's layout).
 * @param {string[]} header
 * @param {string[][]} rows
 */
function table(header, rows) {
  const all = [header, ...rows].map((row) => row.map(cell));
  const widths = header.map((_, column) => Math.max(3, ...all.map((row) => [...(row[column] ?? "")].length)));
  const line = (/** @type {string[]} */ row) => `| ${row.map((text, column) => text + " ".repeat((widths[column] ?? 0) - [...text].length)).join(" | ")} |`;
  const [head, ...body] = all;
  return [line(head ?? []), line(widths.map((width) => "-".repeat(width))), ...body.map(line)].join("\n");
}

/**
 * @param {Record<string, Property>} properties
 * @param {readonly string[]} required
 * @param {string} requiredLabel
 */
function propertyTable(properties, required, requiredLabel) {
  return table(
    ["Property", "Python", "Go", "Type", requiredLabel, "Secret", "Description"],
    Object.entries(properties).map(([name, property]) => [
      code(name),
      code(python(name)),
      code(go(name)),
      code(typeOf(property)),
      required.includes(name) ? "yes" : "",
      property.secret ? "**yes**" : "",
      property.description ?? "",
    ]),
  );
}

/**
 * The reference: provider settings, then each resource's inputs and outputs,
 * then the object types the outputs use.
 * @param {any} schema
 */
function schemaReference(schema) {
  const parts = [];
  const variables = Object.entries(/** @type {Record<string, Property>} */ (schema.config?.variables ?? {}));
  parts.push(
    `**Provider settings**, stack configuration in the ${code(schema.name)} namespace. ${schema.provider?.description ?? ""}`,
    "",
    table(
      ["Setting", "Type", "Default", "Description"],
      variables.map(([name, property]) => [
        code(`${schema.name}:${name}`),
        code(typeOf(property)),
        property.default === undefined ? "" : code(String(property.default)),
        property.description ?? "",
      ]),
    ),
  );
  for (const [token, resource] of Object.entries(/** @type {Record<string, any>} */ (schema.resources ?? {}))) {
    parts.push(
      "",
      `**${code(token)}**: ${resource.description}`,
      "",
      "Inputs:",
      "",
      propertyTable(resource.inputProperties, resource.requiredInputs ?? [], "Required"),
      "",
      "Outputs:",
      "",
      propertyTable(resource.properties, resource.required ?? [], "Always set"),
    );
  }
  for (const [token, type] of Object.entries(/** @type {Record<string, any>} */ (schema.types ?? {}))) {
    parts.push(
      "",
      `**${code(token.split(":").pop() ?? token)}** (${code(token)}): ${type.description}`,
      "",
      propertyTable(type.properties, type.required ?? [], "Always set"),
    );
  }
  return parts.join("\n");
}

module.exports = { schemaReference };
