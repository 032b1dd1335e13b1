/**
 * Request fields after decoding, whatever the encoding was. A field is a list when the client
 * used `name[]`, `name[N]` or repeated the name; otherwise a single string.
 */
export type ApiFields = Readonly<Record<string, string | readonly string[]>>;

/** A single non-empty value, trimmed; a one-element list counts as single. */
export function scalarField(fields: ApiFields, name: string): string | undefined {
  const value = fields[name];
  const single = typeof value === "string" ? value : value?.length === 1 ? value[0] : undefined;
  const trimmed = single?.trim();
  return trimmed === undefined || trimmed === "" ? undefined : trimmed;
}

/** Non-empty values of a field that may be single or a list. */
export function listField(fields: ApiFields, name: string): readonly string[] {
  const value = fields[name];
  if (value === undefined) return [];
  const values = typeof value === "string" ? [value] : value;
  return values.map((v) => v.trim()).filter((v) => v !== "");
}

export function isListField(fields: ApiFields, name: string): boolean {
  return Array.isArray(fields[name]);
}
