import type { DynamicProvider } from "../../provider";

type Props = Record<string, unknown>;

/** One resource as the engine keeps it in state between operations. */
export interface StoredResource {
  readonly id: string;
  /** What check returned, plus `__provider` (the host adds it). */
  readonly inputs: Props;
  /** What create, update or read returned, plus `__provider`. */
  readonly outputs: Props;
  /** Reasons of a create or update that failed to initialise; the next `up` updates the resource whatever diff says. */
  readonly initErrors?: readonly string[];
}

export type Step = "same" | "update" | "replace";

export interface Plan {
  /** The checked inputs the step would use. */
  readonly inputs: Props;
  readonly diff: Awaited<ReturnType<DynamicProvider["diff"]>>;
  readonly step: Step;
}

export type UpResult =
  | { readonly ok: true; readonly step: Step; readonly resource: StoredResource }
  | {
      readonly ok: false;
      readonly step: Step | "create";
      readonly error: unknown;
      /** What the engine keeps: the old resource, or the one recorded with init errors; undefined when a new resource failed outright. */
      readonly resource: StoredResource | undefined;
    };

/** A refused check: preview fails with these failures and nothing else runs. */
export class PreviewRefused extends Error {
  constructor(readonly failures: readonly { property: string; reason: string }[]) {
    super(`check refused the inputs: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
  }
}

const PROVIDER_TEXT = "serialised provider (as the SDK registers it)";

/**
 * Replays what Pulumi's engine and its dynamic-provider host do with a provider, on raw stored
 * values, in the engine's order (pkg/resource/deploy/step_generator.go):
 * - a new resource: check({}, news) → create;
 * - an existing one: check(old inputs, news) → diff(old outputs, checked); then a replacement
 *   checks again with empty olds and creates (create-before-delete: the old one is deleted
 *   after), an update calls update(old outputs, checked), and a resource with init errors is
 *   updated whatever diff said;
 * - refresh: read(old outputs).
 * The host adds `__provider` to every input and output it hands back.
 */
export class EngineReplay {
  constructor(readonly provider: DynamicProvider) {}

  async check(olds: Props, program: Props): Promise<{ inputs: Props; failures: readonly { property: string; reason: string }[] }> {
    const news = { ...program, __provider: PROVIDER_TEXT };
    const result = await this.provider.check(olds, news);
    return { inputs: { ...result.inputs, __provider: PROVIDER_TEXT }, failures: result.failures };
  }

  async #checked(olds: Props, program: Props): Promise<Props> {
    const { inputs, failures } = await this.check(olds, program);
    if (failures.length > 0) throw new PreviewRefused(failures);
    return inputs;
  }

  /** What `pulumi preview` decides for an existing resource. `replace` plays `--replace` (or a taint). */
  async preview(resource: StoredResource, program: Props, options: { replace?: boolean } = {}): Promise<Plan> {
    const inputs = await this.#checked(resource.inputs, program);
    const diff = await this.provider.diff(resource.id, resource.outputs, inputs);
    const step: Step = diff.replaces.length > 0 || options.replace === true ? "replace" : diff.changes || resource.initErrors !== undefined ? "update" : "same";
    return { inputs, diff, step };
  }

  /** `pulumi up` of a new resource. */
  async create(program: Props): Promise<UpResult> {
    const inputs = await this.#checked({}, program);
    try {
      const { id, outs } = await this.provider.create(inputs);
      return { ok: true, step: "replace", resource: { id, inputs, outputs: { ...outs, __provider: PROVIDER_TEXT } } };
    } catch (error) {
      return { ok: false, step: "create", error, resource: initFailed(error, inputs) };
    }
  }

  /** `pulumi up` of an existing resource. */
  async up(resource: StoredResource, program: Props, options: { replace?: boolean } = {}): Promise<UpResult> {
    const plan = await this.preview(resource, program, options);
    if (plan.step === "same") return { ok: true, step: "same", resource: { ...resource, inputs: plan.inputs } };
    if (plan.step === "update") {
      try {
        const { outs } = await this.provider.update(resource.id, resource.outputs, plan.inputs);
        return { ok: true, step: "update", resource: { id: resource.id, inputs: plan.inputs, outputs: { ...outs, __provider: PROVIDER_TEXT } } };
      } catch (error) {
        return { ok: false, step: "update", error, resource: initFailed(error, plan.inputs) ?? resource };
      }
    }
    // The engine checks again without the old inputs before it creates the replacement.
    const inputs = await this.#checked({}, program);
    try {
      const { id, outs } = await this.provider.create(inputs);
      await this.provider.delete(resource.id, resource.outputs);
      return { ok: true, step: "replace", resource: { id, inputs, outputs: { ...outs, __provider: PROVIDER_TEXT } } };
    } catch (error) {
      return { ok: false, step: "replace", error, resource };
    }
  }

  /** `pulumi refresh`: the outputs read back (inputs stay). */
  async refresh(resource: StoredResource): Promise<StoredResource> {
    const { id, props } = await this.provider.read(resource.id, resource.outputs);
    return { ...resource, id, outputs: { ...props, __provider: PROVIDER_TEXT } };
  }

  async destroy(resource: StoredResource): Promise<void> {
    await this.provider.delete(resource.id, resource.outputs);
  }
}

/** The host turns an error with `id` and `properties` into ErrorResourceInitFailed; the engine records it. */
function initFailed(error: unknown, inputs: Props): StoredResource | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { id, properties, reasons } = error as { id?: unknown; properties?: unknown; reasons?: unknown };
  if (typeof id !== "string" || typeof properties !== "object" || properties === null) return undefined;
  return { id, inputs, outputs: { ...(properties as Props), __provider: PROVIDER_TEXT }, initErrors: Array.isArray(reasons) ? reasons.map(String) : [] };
}

/** The result of a successful `up`, or the test fails with the provider's error. */
export function succeeded(result: UpResult): { step: Step; resource: StoredResource } {
  if (!result.ok)
    throw new Error(`expected the up to succeed; it failed in ${result.step}: ${result.error instanceof Error ? result.error.message : String(result.error)}`);
  return result;
}

/** The error of a failed `up`, or the test fails. */
export function failed(result: UpResult): Extract<UpResult, { ok: false }> {
  if (result.ok) throw new Error(`expected the up to fail; it succeeded with step ${result.step}`);
  return result;
}
