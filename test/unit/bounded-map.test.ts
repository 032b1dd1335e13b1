import { setTimeout as sleep } from "node:timers/promises";
import { boundedMap } from "../../cli/bounded-map";

describe("boundedMap", () => {
  it("keeps the items' order and never runs more than the limit at once", async () => {
    let running = 0;
    let most = 0;
    const results = await boundedMap([30, 5, 20, 1, 10, 2, 8], 3, async (ms, index) => {
      running++;
      most = Math.max(most, running);
      await sleep(ms);
      running--;
      return `${index}:${ms}`;
    });
    expect(results).toEqual(["0:30", "1:5", "2:20", "3:1", "4:10", "5:2", "6:8"]);
    expect(most).toBe(3);
  });

  it("calls nothing for no items, and refuses a limit below one", async () => {
    expect(await boundedMap([], 4, async () => 1)).toEqual([]);
    await expect(boundedMap([1], 0, async () => 1)).rejects.toThrow("limit must be a positive whole number");
  });
});
