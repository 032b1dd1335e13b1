import * as pulumi from "@pulumi/pulumi";

/** Inputs of {@link EnvFile}. */
export interface EnvFileArgs {
  /** Absolute path of the file to write. Changing it moves the file (replace). */
  path: pulumi.Input<string>;
  /** Variables to write as NAME=value lines. Pass secrets; they stay encrypted in state. */
  variables: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

interface EnvFileInputs {
  readonly path: string;
  readonly variables: Record<string, string>;
}

// The methods below are serialised into state and run in Pulumi's
// dynamic-provider process, so they capture only the plain helper functions
// below and `require` Node modules inside them (a module object captured at
// top level would be serialised too). Outputs carry a digest of the contents,
// never the contents: the variables hold credentials.
const envFileProvider: pulumi.dynamic.ResourceProvider = {
  async diff(_id, olds, news: EnvFileInputs) {
    const replaces = olds.path === news.path ? [] : ["path"];
    // A file deleted or opened up (chmod) by hand is written again on the next `up`.
    const changes = replaces.length > 0 || olds.digest !== digestOf(render(news.variables)) || !isPrivateFile(news.path);
    return { changes, replaces, deleteBeforeReplace: false };
  },
  async create(inputs: EnvFileInputs) {
    return { id: inputs.path, outs: write(inputs) };
  },
  async update(_id, _olds, news: EnvFileInputs) {
    return { outs: write(news) };
  },
  async delete(_id, props: { path: string }) {
    const { rmSync } = require("node:fs") as typeof import("node:fs");
    rmSync(props.path, { force: true });
  },
};

function render(variables: Record<string, string>): string {
  return Object.keys(variables)
    .sort()
    .map((name) => {
      const value = variables[name] ?? "";
      // Refused rather than quoted: a newline would let a value add variables.
      if (!/^[A-Z_][A-Z0-9_]*$/.test(name) || /[\r\n]/.test(value)) throw new Error(`env file variable ${name} has an invalid name or a multi-line value`);
      return `${name}=${value}\n`;
    })
    .join("");
}

function digestOf(text: string): string {
  const { createHash } = require("node:crypto") as typeof import("node:crypto");
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

/** Whether the file exists with mode 0600 exactly. */
function isPrivateFile(path: string): boolean {
  const { statSync } = require("node:fs") as typeof import("node:fs");
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat !== undefined && (stat.mode & 0o777) === 0o600;
}

function write(inputs: EnvFileInputs): { path: string; digest: string; mode: string } {
  const fs = require("node:fs") as typeof import("node:fs");
  const nodePath = require("node:path") as typeof import("node:path");
  const { randomBytes } = require("node:crypto") as typeof import("node:crypto");
  const text = render(inputs.variables);
  const dir = nodePath.dirname(inputs.path);
  fs.mkdirSync(dir, { recursive: true });
  // The contents go to a new file beside the target, which rename(2) then puts
  // in its place: a reader sees the old file or the new one, never half of one,
  // and a process that has the old file open keeps reading it whole.
  // "wx" (O_CREAT | O_EXCL) creates the file with mode 0600 or fails: it never
  // follows a planted symlink or reuses a looser file left by a crash, so the
  // key is unreadable by other users from its first byte.
  const temporary = nodePath.join(dir, `.${nodePath.basename(inputs.path)}.${randomBytes(6).toString("hex")}.tmp`);
  const fd = fs.openSync(temporary, "wx", 0o600);
  try {
    try {
      // The umask may have cleared bits of 0600; the file gets exactly 0600.
      fs.fchmodSync(fd, 0o600);
      fs.writeFileSync(fd, text);
      // On disk before the rename, so a crash cannot leave an empty file under the target's name.
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, inputs.path);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  return { path: inputs.path, digest: digestOf(text), mode: "0600" };
}

/**
 * An env file with mode 0600, the application's secret configuration. When an
 * input changes (a rotated key arriving through a StackReference), the next
 * `pulumi up` rewrites it.
 */
export class EnvFile extends pulumi.dynamic.Resource {
  /** Where the file is. */
  declare readonly path: pulumi.Output<string>;
  /** Short SHA-256 of the contents, to see that a rotation reached the file. */
  declare readonly digest: pulumi.Output<string>;
  /** The file's permission bits, always "0600". */
  declare readonly mode: pulumi.Output<string>;

  constructor(name: string, args: EnvFileArgs, opts?: pulumi.CustomResourceOptions) {
    super(envFileProvider, name, { ...args, digest: undefined, mode: undefined }, opts, "examples", "EnvFile");
  }
}
