import { CleantalkError } from "../errors/cleantalk-error";
import { IncompleteKeyError } from "../lifecycle/key-lifecycle";
import type { ConfigSource } from "../schema/provider-settings";
import { keyRecordCodec } from "../schema/stored-key";
import { ProviderRuntime, resourceId } from "./provider-runtime";

type Props = Record<string, unknown>;

/**
 * The provider as Pulumi's dynamic-provider host calls it: the serialised
 * shim in sdk/ only forwards here (loaded with `require`, so nothing below is
 * ever serialised into state).
 *
 * The host prints `${error}: ${error.stack}` on its stderr for a failed
 * check, diff, read or delete, which the engine shows as a second copy of the
 * error under the stack. check and diff never throw an expected error (check
 * reports failures instead); read and delete hand the host an error whose
 * text for stderr only points at the resource's own diagnostic.
 */
export function createDynamicProvider(runtime = new ProviderRuntime()) {
  return {
    async configure(req: { config: ConfigSource }): Promise<void> {
      runtime.configure(req.config);
    },
    async check(olds: Props, news: Props) {
      return runtime.check(olds, news);
    },
    async diff(_id: string, olds: Props, news: Props) {
      const { changes, replaces, deleteBeforeReplace } = runtime.diff(olds, news);
      return { changes, replaces: [...replaces], deleteBeforeReplace };
    },
    async create(news: Props) {
      try {
        return await runtime.create(news);
      } catch (error) {
        throw initFailure(error, undefined);
      }
    },
    async read(id: string, props: Props) {
      try {
        return { id, props: await runtime.read(props) };
      } catch (error) {
        throw forStderr(error);
      }
    },
    async update(id: string, olds: Props, news: Props) {
      try {
        return { outs: await runtime.update(olds, news) };
      } catch (error) {
        throw initFailure(error, id);
      }
    },
    async delete(_id: string, props: Props) {
      runtime.delete(props);
    },
  };
}

export type DynamicProvider = ReturnType<typeof createDynamicProvider>;

/** The one runtime of this dynamic-provider process. */
export const dynamicProvider: DynamicProvider = createDynamicProvider();

/**
 * The host turns `id`, `properties` and `reasons` on a thrown error into
 * ErrorResourceInitFailed, so the engine records the keys CleanTalk issued
 * for some sites instead of forgetting them.
 */
function initFailure(error: unknown, existingId: string | undefined): unknown {
  if (!(error instanceof IncompleteKeyError)) return error;
  const properties = keyRecordCodec.encode(error.record);
  return Object.assign(new Error(error.message), { id: existingId ?? resourceId(error.record), properties, reasons: [...error.reasons] });
}

/** An expected error keeps its message for the resource's diagnostic and prints one pointer line on stderr. */
function forStderr(error: unknown): unknown {
  if (!CleantalkError.isInstance(error)) return error;
  return Object.assign(error, {
    toString: () => "[pulumi-cleantalk] a key's refresh failed",
    stack: `${error.code}, see that key's own error`,
  });
}
