/** A CleanTalk request as form fields; arrays become `name[]` repeats (documented for website). */
export type FormFields = Readonly<Record<string, string | readonly string[] | undefined>>;

export function encodeForm(fields: FormFields): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (typeof value === "string") params.append(name, value);
    else for (const item of value) params.append(`${name}[]`, item);
  }
  return params.toString();
}
