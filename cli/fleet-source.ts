import { z } from "zod";
import { type StackExport, stackExportSchema } from "../provider/schema/state-export";
import type { PulumiRunner } from "./pulumi-command";
import { StatusError } from "./status-error";

/** Which stacks to read: every stack of the backend, the ones named, or the project's selected stack. */
export type StackSelection = { readonly kind: "all" } | { readonly kind: "named"; readonly stacks: readonly string[] } | { readonly kind: "selected" };

/** `pulumi stack ls --json`: each entry's name is all we read. */
const stackListSchema = z.array(z.object({ name: z.string().min(1) }));

/**
 * The stacks to report on, in a stable order. `--all` asks the backend for
 * every project's stacks (`stack ls --all`), so it works from any directory;
 * names then come fully qualified (`organization/project/stack` on a file or
 * bucket backend).
 */
export async function selectStacks(selection: StackSelection, run: PulumiRunner): Promise<string[]> {
  switch (selection.kind) {
    case "named":
      return [...new Set(selection.stacks)];
    case "selected": {
      const { stdout } = await run(["stack", "--show-name"], {});
      const name = stdout.trim();
      if (name === "") throw new StatusError("USAGE", "no stack is selected in this project.", "pass --stack <name> or --all.");
      return [name];
    }
    case "all": {
      const { stdout } = await run(["stack", "ls", "--all", "--json"], {});
      const parsed = stackListSchema.safeParse(parseJson(stdout));
      if (!parsed.success)
        throw new StatusError(
          "BACKEND_UNREACHABLE",
          "pulumi stack ls --all --json printed something other than a list of stacks.",
          "run it by hand to see what it prints.",
        );
      const names = parsed.data.map((entry) => entry.name).sort();
      if (names.length === 0) {
        // A nightly job pointed at the wrong backend (an empty bucket, a typo
        // in PULUMI_BACKEND_URL) must fail loudly, not report "all current".
        throw new StatusError(
          "NO_STACKS",
          "the backend has no stacks, so there are no keys to report.",
          "check PULUMI_BACKEND_URL (or `pulumi whoami --verbose`) points at the backend that holds your stacks.",
        );
      }
      return names;
    }
  }
}

/**
 * One stack's state. Without `showSecrets` secrets stay ciphertext and no
 * passphrase is needed (`stack export` does not decrypt); `--check` asks for
 * them, because validating a key means sending it to CleanTalk.
 */
export async function exportStack(stack: string, run: PulumiRunner, options: { readonly showSecrets: boolean }): Promise<StackExport> {
  const { stdout } = await run(["stack", "export", "--stack", stack, ...(options.showSecrets ? ["--show-secrets"] : [])], { stack });
  const parsed = stackExportSchema.safeParse(parseJson(stdout));
  if (!parsed.success) {
    // Only the path: the export may hold revealed secrets, and zod or JSON
    // messages can quote the input.
    const path = parsed.error.issues[0]?.path.join(".") ?? "";
    throw new StatusError(
      "STATE_UNREADABLE",
      `stack ${stack}: pulumi stack export printed no deployment this version reads${path === "" ? "" : ` (at ${path})`}.`,
      "upgrade pulumi-cleantalk, or run `pulumi stack export` by hand to see what it prints.",
    );
  }
  return parsed.data;
}

/** undefined for text that is not JSON; JSON.parse's own message may quote the text, which can hold secrets. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
