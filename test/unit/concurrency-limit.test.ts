import { setTimeout as sleep } from "node:timers/promises";
import { concurrencyLimit } from "../../cli/concurrency-limit";

describe("concurrencyLimit", () => {
  it("bounds the calls in flight across every caller, and starts the waiting ones in order", async () => {
    const limit = concurrencyLimit(2);
    let running = 0;
    let most = 0;
    const started: string[] = [];
    const task = (name: string, ms: number) =>
      limit(async () => {
        started.push(name);
        running++;
        most = Math.max(most, running);
        await sleep(ms);
        running--;
        return name;
      });
    // Two producers sharing the limit, as two stacks' keys do.
    const results = await Promise.all([Promise.all([task("a1", 20), task("a2", 5), task("a3", 5)]), Promise.all([task("b1", 5), task("b2", 5)])]);
    expect(results).toEqual([
      ["a1", "a2", "a3"],
      ["b1", "b2"],
    ]);
    expect(most).toBe(2);
    expect(started).toEqual(["a1", "a2", "a3", "b1", "b2"]);
  });

  it("frees the slot of a task that fails", async () => {
    const limit = concurrencyLimit(1);
    await expect(limit(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await limit(async () => "next")).toBe("next");
  });
});
