import { closeSync, fstatSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dataBodySchema, issuedKeyDataSchema, startEmulator } from "../../emulator";
import { expectShape } from "../support/emulator-expect";
import { callApi, uniqueSite } from "../support/emulator-http";

describe("emulator persistence", () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cleantalk-emulator-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps sites, current keys and issued credentials across a restart", async () => {
    const persistPath = join(dir, "nested", "state.json");
    const { email, website, hostname } = uniqueSite("persist");
    const first = await startEmulator({ persistPath });
    let issuedKey: string;
    let rotated: string;
    let serviceId: number;
    try {
      const answer = await callApi(first.url, { method_name: "get_api_key", email, website });
      const issued = expectShape(dataBodySchema(issuedKeyDataSchema), answer.json).data;
      issuedKey = issued.auth_key;
      serviceId = issued.service_id;
      rotated = first.generateKey({ email, website });
    } finally {
      await first.stop();
    }

    const second = await startEmulator({ persistPath });
    try {
      expect(second.issued().authKeys).toEqual([issuedKey, rotated]);
      expect(second.sites()).toMatchObject([{ website: hostname, serviceId, keySource: "dashboard" }]);
      const again = await callApi(second.url, { method_name: "get_api_key", email, website });
      expect(again.json).toMatchObject({ data: { auth_key: rotated } });
      const oldKey = await callApi(second.url, { method_name: "notice_paid_till", auth_key: issuedKey, path_to_cms: hostname });
      expect(oldKey.json).toMatchObject({ data: { valid: 0 } });
      const newKey = await callApi(second.url, { method_name: "notice_paid_till", auth_key: rotated, path_to_cms: hostname });
      expect(newKey.json).toMatchObject({ data: { valid: 1, service_id: serviceId } });
    } finally {
      await second.stop();
    }
  });

  it("writes atomically: each change replaces the file by rename and leaves no temp file", async () => {
    const persistPath = join(dir, "state.json");
    const emulator = await startEmulator({ persistPath });
    try {
      for (let i = 0; i < 5; i++) {
        // Holding the old file open pins its inode. A rename swaps the directory entry to a new
        // inode and leaves the old content whole; an in-place write would change what fd reads.
        const previous = i === 0 ? undefined : openSync(persistPath, "r");
        try {
          const { email, website } = uniqueSite("atomic");
          await callApi(emulator.url, { method_name: "get_api_key", email, website });
          const stat = statSync(persistPath);
          // Owner-only: the file holds every issued credential.
          expect(stat.mode & 0o777).toBe(0o600);
          expect(JSON.parse(readFileSync(persistPath, "utf8")).sites).toHaveLength(i + 1);
          if (previous !== undefined) {
            expect(fstatSync(previous).ino).not.toBe(stat.ino);
            expect(JSON.parse(readFileSync(previous, "utf8")).sites).toHaveLength(i);
          }
        } finally {
          if (previous !== undefined) closeSync(previous);
        }
      }
      expect(readdirSync(dir)).toEqual(["state.json"]);
      // Requests that change nothing do not rewrite the file.
      const before = statSync(persistPath).ino;
      await callApi(emulator.url, { method_name: "notice_paid_till", auth_key: "x", path_to_cms: "x.test" });
      expect(statSync(persistPath).ino).toBe(before);
      emulator.reset();
      expect(JSON.parse(readFileSync(persistPath, "utf8")).sites).toEqual([]);
    } finally {
      await emulator.stop();
    }
  });

  it("refuses to start on a state file it cannot read, rather than silently starting empty", async () => {
    const persistPath = join(dir, "state.json");
    writeFileSync(persistPath, JSON.stringify({ version: 2, sites: [] }));
    await expect(startEmulator({ persistPath })).rejects.toThrow(/not a valid state snapshot/);
  });
});
