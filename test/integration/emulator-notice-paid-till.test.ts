import {
  dataBodySchema,
  EmulatorControl,
  issuedKeyDataSchema,
  noticeInvalidDataSchema,
  noticeValidDataSchema,
  type RunningEmulator,
  sameKeyDataSchema,
  startEmulator,
} from "../../emulator";
import { expectShape } from "../support/emulator-expect";
import { callApi, uniqueSite } from "../support/emulator-http";

const validBody = dataBodySchema(noticeValidDataSchema);
const invalidBody = dataBodySchema(noticeInvalidDataSchema);

describe("emulator notice_paid_till", () => {
  let emulator: RunningEmulator;
  let control: EmulatorControl;

  beforeAll(async () => {
    emulator = await startEmulator({ keyLifetimeMs: 60_000 });
    control = new EmulatorControl(emulator.controlUrl);
  });
  afterAll(() => emulator.stop());

  async function issue(product?: string) {
    const site = uniqueSite();
    const fields = { method_name: "get_api_key", email: site.email, website: site.website };
    const answer = await callApi(emulator.url, product === undefined ? fields : { ...fields, product_name: product });
    return { ...site, issued: expectShape(dataBodySchema(issuedKeyDataSchema), answer.json).data };
  }

  function check(authKey: string, pathToCms: string, productId?: string) {
    const fields = { method_name: "notice_paid_till", auth_key: authKey, path_to_cms: pathToCms };
    return callApi(emulator.url, productId === undefined ? fields : { ...fields, product_id: productId });
  }

  it("validates the current key of a site whose hostname matches path_to_cms", async () => {
    const { hostname, issued } = await issue();
    const answer = await check(issued.auth_key, `${hostname}/wordpress`);
    const data = expectShape(validBody, answer.json).data;
    expect(data).toMatchObject({
      valid: 1,
      moderate: 1,
      product_id: 1,
      service_id: issued.service_id,
      user_token: issued.user_token,
      show_notice: 0,
      renew: 0,
      trial: 0,
    });
    expectShape(validBody, (await check(issued.auth_key, hostname, "1")).json);
  });

  it("answers valid 0 for an unknown key, another hostname or another product", async () => {
    const { hostname, issued } = await issue();
    for (const answer of [
      await check("unknownkey123", hostname),
      await check(issued.auth_key, `other-${hostname}`),
      await check(issued.auth_key, hostname, "4"),
    ]) {
      expect(answer.status).toBe(200);
      expect(expectShape(invalidBody, answer.json).data).toMatchObject({ valid: 0, renew: 0 });
    }
  });

  it("validates security keys with product_id 4", async () => {
    const { hostname, issued } = await issue("security");
    expect(expectShape(validBody, (await check(issued.auth_key, hostname, "4")).json).data.product_id).toBe(4);
    expect(expectShape(invalidBody, (await check(issued.auth_key, hostname, "1")).json).data.valid).toBe(0);
  });

  it("stops validating a key replaced from the dashboard; the new key validates and phase 2 returns it", async () => {
    const { email, website, hostname, issued } = await issue();
    const newKey = await control.generateKey({ email, website });
    expect(newKey).not.toBe(issued.auth_key);
    expect(expectShape(invalidBody, (await check(issued.auth_key, hostname)).json).data.valid).toBe(0);
    expect(expectShape(validBody, (await check(newKey, hostname)).json).data.service_id).toBe(issued.service_id);
    const again = await callApi(emulator.url, { method_name: "get_api_key", email, website });
    expect(expectShape(dataBodySchema(sameKeyDataSchema), again.json).data.auth_key).toBe(newKey);
    const counters = emulator.counters();
    expect(counters.dashboardKeys).toBeGreaterThanOrEqual(1);
    expect(emulator.issued().authKeys).toContain(newKey);
  });

  it("answers valid 0 with renew 1 once the key outlived keyLifetimeMs; get_api_key still hands out no new key", async () => {
    const { email, website, hostname, issued } = await issue();
    const before = emulator.counters().totalKeysIssued;
    emulator.advanceClock(61_000);
    const data = expectShape(invalidBody, (await check(issued.auth_key, hostname)).json).data;
    expect(data).toMatchObject({ valid: 0, renew: 1 });
    // Still inside the same-key window (10 minutes by default): the expired key comes back.
    const again = await callApi(emulator.url, { method_name: "get_api_key", email, website });
    expect(expectShape(dataBodySchema(sameKeyDataSchema), again.json).data.auth_key).toBe(issued.auth_key);
    expect(emulator.counters().totalKeysIssued).toBe(before);
  });

  it.each([
    ["missing auth_key", { method_name: "notice_paid_till", path_to_cms: "x.example.test" }, 7, "Parameter auth_key is required."],
    ["missing path_to_cms", { method_name: "notice_paid_till", auth_key: "abc" }, 8, "Parameter path_to_cms is required."],
    ["unknown product_id", { method_name: "notice_paid_till", auth_key: "abc", path_to_cms: "x.example.test", product_id: "99" }, 9, "Unknown product_id."],
  ])("rejects %s", async (_name, fields, errorNo, message) => {
    expect((await callApi(emulator.url, fields)).json).toEqual({ error_no: errorNo, error_message: message });
  });
});
