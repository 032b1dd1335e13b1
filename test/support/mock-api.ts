import { MockAgent } from "undici";
import { CleantalkClient } from "../../provider/client/cleantalk-client";

/** One answer of the mocked API: an HTTP status and a JSON body. */
export interface MockReply {
  readonly status?: number;
  readonly body: unknown;
}

/**
 * The real CleantalkClient over an undici MockAgent (STYLE.md: the dispatcher
 * is the injection route for narrow unit tests): no network, every request's
 * form fields recorded, each answered by `answer`. One attempt per call, so a
 * test sees each failure as it is. Close it after the test.
 */
export class MockApi {
  readonly calls: URLSearchParams[] = [];
  readonly client: CleantalkClient;
  readonly #agent = new MockAgent();

  constructor(answer: (fields: URLSearchParams) => MockReply) {
    this.#agent.disableNetConnect();
    this.#agent
      .get("https://api.cleantalk.org")
      .intercept({ path: "/", method: "POST" })
      .reply((request) => {
        const fields = new URLSearchParams(String(request.body));
        this.calls.push(fields);
        const { status = 200, body } = answer(fields);
        return { statusCode: status, data: JSON.stringify(body) };
      })
      .persist();
    this.client = new CleantalkClient({ baseUrl: new URL("https://api.cleantalk.org"), dispatcher: this.#agent, retry: { maxAttempts: 1 } });
  }

  /** The method_name of every call so far, in order. */
  methods(): (string | null)[] {
    return this.calls.map((fields) => fields.get("method_name"));
  }

  close(): Promise<void> {
    return this.#agent.close();
  }
}

/**
 * An API where notice_paid_till accepts exactly `validKeys` (with this token
 * and service id) and get_api_key answers `getApiKey` as its `data`.
 */
export function keyApi(validKeys: readonly string[], getApiKey: unknown, account: { userToken?: string; serviceId?: number } = {}): MockApi {
  return new MockApi((fields) =>
    fields.get("method_name") === "notice_paid_till"
      ? {
          body: {
            data: {
              valid: validKeys.includes(fields.get("auth_key") ?? "") ? 1 : 0,
              ...(account.userToken === undefined ? {} : { user_token: account.userToken }),
              ...(account.serviceId === undefined ? {} : { service_id: account.serviceId }),
            },
          },
        }
      : { body: { data: getApiKey } },
  );
}
