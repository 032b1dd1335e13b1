import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { type StateSnapshot, stateSnapshotSchema } from "./state-schema";

/**
 * State file I/O. Writes are synchronous and atomic (temp file in the same directory, then
 * rename): the answer that reports a new key is only sent after the key is on disk, and a
 * crash mid-write leaves the previous complete file, never a torn one.
 */

export function loadState(path: string): StateSnapshot | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  const parsed = stateSnapshotSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    // Refuse rather than start empty: silently dropping keys would look like a provider bug.
    throw new Error(`emulator state file ${path} is not a valid state snapshot: ${parsed.error.message}`);
  }
  return parsed.data;
}

export function saveState(path: string, snapshot: StateSnapshot): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    // 0600: the file holds every issued credential.
    writeFileSync(temp, JSON.stringify(snapshot), { mode: 0o600 });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
