import { AttemptDeadline } from "../../provider/client/attempt-deadline";

describe("AttemptDeadline", () => {
  it("aborts once at its time with a TimeoutError reason, as undici reads an EventEmitter signal", async () => {
    const deadline = new AttemptDeadline(20);
    let aborts = 0;
    deadline.on("abort", () => aborts++);
    expect(deadline.aborted).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(aborts).toBe(1);
    expect(deadline.aborted).toBe(true);
    expect(deadline.reason?.name).toBe("TimeoutError");
    expect(deadline.reason?.message).toBe("no complete answer within 20 ms");
  });

  it("cleared before its time, it never aborts", async () => {
    const deadline = new AttemptDeadline(20);
    deadline.on("abort", () => {
      throw new Error("aborted after clear");
    });
    deadline.clear();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(deadline.aborted).toBe(false);
    expect(deadline.reason).toBeUndefined();
  });
});
