import { EmulatorControl, type RunningEmulator, startEmulator } from "../../emulator";
import { callApi, uniqueSite } from "../support/emulator-http";

describe("emulator request log", () => {
  let emulator: RunningEmulator;
  let control: EmulatorControl;
  const lines: string[] = [];

  beforeAll(async () => {
    emulator = await startEmulator({ log: (line) => lines.push(line) });
    control = new EmulatorControl(emulator.url);
  });
  afterAll(() => emulator.stop());

  it("writes one line per request and never a credential or an email", async () => {
    const sites = [uniqueSite("log"), uniqueSite("log"), uniqueSite("log")];
    const [a, b, c] = sites as [ReturnType<typeof uniqueSite>, ReturnType<typeof uniqueSite>, ReturnType<typeof uniqueSite>];
    let requests = 0;
    const api = async (fields: Record<string, string | string[]>) => {
      requests++;
      return callApi(emulator.url, fields).catch(() => undefined);
    };
    const ctl = async <T>(call: Promise<T>) => {
      requests++;
      return call;
    };

    const first = (await api({ method_name: "get_api_key", email: a.email, website: a.website }))?.json as {
      data: { auth_key: string };
    };
    await api({ method_name: "get_api_key", email: a.email, website: a.website });
    await api({ method_name: "get_api_key", email: b.email, website: [b.website, c.website] });
    await api({ method_name: "notice_paid_till", auth_key: first.data.auth_key, path_to_cms: a.hostname });
    await api({ method_name: "notice_paid_till", auth_key: "wrongkey00000", path_to_cms: a.hostname });
    await api({ method_name: "get_api_key", email: c.email });
    await api({ method_name: `${c.email}`, email: c.email, website: c.website });
    await ctl(control.generateKey({ email: a.email, website: a.website }));
    for (const kind of ["truncate", "after-commit-reset", "reset", "shape"] as const) {
      await ctl(control.injectFault({ kind }));
      await api({ method_name: "get_api_key", email: c.email, website: `${kind}-${c.website.slice(8)}` });
    }
    await ctl(control.injectFault({ kind: "hang", maxMs: 50 }));
    await api({ method_name: "get_api_key", email: c.email, website: c.website });
    const issued = await ctl(control.issued());
    await ctl(control.counters());

    // Lines for reset/hang are written when the server side finishes; give them a moment.
    for (let i = 0; i < 40 && lines.length < requests; i++) await new Promise((r) => setTimeout(r, 25));
    expect(lines).toHaveLength(requests);

    const secrets = [
      ...issued.authKeys,
      ...issued.userTokens,
      ...issued.passwordHashes,
      ...sites.flatMap((site) => [site.email, site.email.split("@")[0] as string]),
    ];
    expect(issued.authKeys.length).toBeGreaterThanOrEqual(5);
    const log = lines.join("\n");
    for (const secret of secrets) expect(log).not.toContain(secret);
    expect(log).not.toContain("@");
    expect(log).toContain(`POST get_api_key host=${a.hostname} status=200`);
    expect(log).toContain("fault=after-commit-reset");
    expect(log).toMatch(/POST \/__emulator\/dashboard\/generate-key host=- status=200/);
    expect(log).toContain("POST (other) host=");
  });
});
