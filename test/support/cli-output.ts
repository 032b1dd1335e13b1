/** Reading what the Pulumi CLI prints, as a user would. */

export interface Diagnostic {
  /** The block's header, e.g. "pulumi-nodejs:dynamic/cleantalk:AccessKey (site)". */
  readonly resource: string;
  readonly severity: "error" | "warning" | "info";
  /** The text after "error: " / "warning: ", continuation lines joined with "\n". */
  readonly message: string;
}

/**
 * The Diagnostics section of a CLI run's text output: one entry per message,
 * under the resource it is attached to. Pulumi's progress lines above the
 * section repeat some of them; the section has each once.
 */
export function diagnosticsOf(output: string): Diagnostic[] {
  const lines = output.split("\n");
  const start = lines.indexOf("Diagnostics:");
  if (start < 0) return [];
  const diagnostics: { resource: string; severity: Diagnostic["severity"]; lines: string[] }[] = [];
  let resource = "";
  for (const line of lines.slice(start + 1)) {
    if (line !== "" && !line.startsWith(" ")) break;
    const header = /^ {2}(\S.*):$/.exec(line);
    if (header?.[1] !== undefined && !line.startsWith("    ")) {
      resource = header[1];
      continue;
    }
    if (!line.startsWith("    ")) continue;
    const text = line.slice(4);
    const severity = /^(error|warning|info): /.exec(text);
    const current = diagnostics.at(-1);
    if (severity?.[1] !== undefined) {
      diagnostics.push({ resource, severity: severity[1] as Diagnostic["severity"], lines: [text.slice(severity[0].length)] });
    } else if (current !== undefined && current.resource === resource) {
      current.lines.push(text);
    } else {
      diagnostics.push({ resource, severity: "info", lines: [text] });
    }
  }
  return diagnostics.map((d) => ({ resource: d.resource, severity: d.severity, message: d.lines.join("\n").trimEnd() }));
}

/** The engine operations on one resource, in order, from `--json`'s event stream. */
export function engineOps(eventStream: string, urnSuffix: string): string[] {
  return eventStream
    .split("\n")
    .filter((line) => line.includes("resourcePreEvent"))
    .map((line) => JSON.parse(line) as { resourcePreEvent: { metadata: { op: string; urn: string } } })
    .filter((e) => e.resourcePreEvent.metadata.urn.endsWith(urnSuffix))
    .map((e) => e.resourcePreEvent.metadata.op);
}

/** A JavaScript stack frame, or a path inside this package's sources or build, in CLI output. */
export const STACK_FRAME = /^\s+at .+\(.+:\d+:\d+\)$|^\s+at \S+:\d+:\d+$/m;
export const INTERNAL_PATH = /(?:provider|sdk|dist)\/(?:lifecycle|runtime|schema|client|domain|errors|sdk|provider)\/[\w-]+\.(?:ts|js)/;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
