import type { z } from "zod";
import type { InputFailure } from "../errors/input-error";
import { USER_INPUT_NAMES } from "./key-inputs";

/** zod issues of the program inputs, as check failures that name the field and the fix. */
export function toFailures(error: z.ZodError, input: Record<string, unknown>): InputFailure[] {
  const failures: InputFailure[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        failures.push({ property: key, reason: `is not an input of CleantalkAccessKey; remove it (inputs are ${USER_INPUT_NAMES.join(", ")})` });
      }
      continue;
    }
    // zod does not put the input on issues (reportInput is off, and must stay
    // off: authKey would ride along), so "missing" is read from the value itself.
    const missing = valueAt(input, issue.path) === undefined;
    const { path, message } = missing ? issue : nestedDetail(issue);
    const property = path.length > 0 ? path.map(String).join(".") : "(inputs)";
    const reason = missing && (issue.code === "invalid_type" || issue.code === "invalid_union") ? `is required; ${requiredHint(property)}` : message;
    failures.push({ property, reason });
  }
  return failures;
}

/**
 * Issues that wrap other issues carry only the wrapper's generic message.
 * `website` is a union (one URL or a list): when a value is of the right type
 * but refused (a javascript: scheme, credentials), the branch that got past
 * the type check holds the reason the user needs. A rotationTriggers key that
 * is too long arrives as `invalid_key` around the real reason.
 */
function nestedDetail(issue: z.core.$ZodIssue): { path: readonly PropertyKey[]; message: string } {
  if (issue.code === "invalid_key" || issue.code === "invalid_element") {
    const inner = issue.issues[0];
    return inner === undefined ? issue : { path: issue.path, message: inner.message };
  }
  if (issue.code !== "invalid_union") return issue;
  for (const branch of issue.errors) {
    const specific = branch.find((inner) => inner.code !== "invalid_type");
    if (specific !== undefined) return { path: [...issue.path, ...specific.path], message: specific.message };
  }
  return issue;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function requiredHint(property: string): string {
  if (property === "email") return 'set the email of the CleanTalk account, e.g. email: "ops@example.com"';
  if (property === "website") return 'set the site URL (or a list), e.g. website: "https://example.com"';
  return "set it";
}
