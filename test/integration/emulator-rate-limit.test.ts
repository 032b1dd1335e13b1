import { EmulatorControl, type RunningEmulator, startEmulator } from "../../emulator";
import { callApi, uniqueSite } from "../support/emulator-http";

const notice = { method_name: "notice_paid_till", auth_key: "x", path_to_cms: "x.example.test" };

describe("emulator rate limiting", () => {
  let emulator: RunningEmulator;
  let control: EmulatorControl;

  beforeAll(async () => {
    emulator = await startEmulator({ rateLimit: { calls: 3, windowMs: 10_000 } });
    control = new EmulatorControl(emulator.controlUrl);
  });
  afterAll(() => emulator.stop());

  it("answers error_no 10 with HTTP 429 and Retry-After once a method exceeds its window", async () => {
    for (let i = 0; i < 3; i++) expect((await callApi(emulator.url, notice)).status).toBe(200);
    const limited = await callApi(emulator.url, notice);
    expect(limited.status).toBe(429);
    expect(limited.headers["retry-after"]).toBe("10");
    expect(limited.json).toEqual({ error_message: "Calls limit exceeded.", error_no: 10 });

    // Windows are per method: get_api_key still has its own budget.
    const { email, website } = uniqueSite("rate");
    expect((await callApi(emulator.url, { method_name: "get_api_key", email, website })).status).toBe(200);

    // The window slides on the emulator clock.
    await control.advanceClock(4_000);
    expect((await callApi(emulator.url, notice)).headers["retry-after"]).toBe("6");
    await control.advanceClock(6_000);
    expect((await callApi(emulator.url, notice)).status).toBe(200);
    expect(emulator.counters().rateLimited).toBe(2);
  });

  it("a refused get_api_key issues nothing", async () => {
    await control.reset();
    const sites = [uniqueSite("rate"), uniqueSite("rate"), uniqueSite("rate"), uniqueSite("rate")];
    const statuses: number[] = [];
    for (const { email, website } of sites) {
      statuses.push((await callApi(emulator.url, { method_name: "get_api_key", email, website })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(emulator.counters().totalKeysIssued).toBe(3);
  });

  it("can be switched off and on at runtime", async () => {
    await control.reset();
    await control.configure({ rateLimit: null });
    for (let i = 0; i < 10; i++) expect((await callApi(emulator.url, notice)).status).toBe(200);
    await control.configure({ rateLimit: { calls: 1, windowMs: 1_500 } });
    expect((await callApi(emulator.url, notice)).status).toBe(200);
    const limited = await callApi(emulator.url, notice);
    expect(limited.status).toBe(429);
    // Rounded up to whole seconds so a client that honours it is not refused again.
    expect(limited.headers["retry-after"]).toBe("2");
  });
});
