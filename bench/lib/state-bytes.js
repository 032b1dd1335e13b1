// @ts-check
/**
 * Bytes one resource adds to `pulumi stack export` (4-space indented, as the
 * CLI prints it): the export with and without the resources, divided by N.
 * @param {string} raw
 * @param {string} type
 */
function stateBytes(raw, type) {
  const state = JSON.parse(raw);
  const resources = state.deployment.resources ?? [];
  const ours = resources.filter((/** @type {any} */ r) => r.type === type);
  const without = { ...state, deployment: { ...state.deployment, resources: resources.filter((/** @type {any} */ r) => r.type !== type) } };
  const size = (/** @type {unknown} */ value, /** @type {number} */ indent) => Buffer.byteLength(JSON.stringify(value, null, indent));
  const first = ours[0];
  // A dynamic resource's serialised provider; a plugin's resources have none.
  const providerText = first.inputs.__provider ?? "";
  return {
    count: ours.length,
    exportBytes: Buffer.byteLength(raw),
    perResourceBytes: (size(state, 4) - size(without, 4)) / ours.length,
    perResourceCompactBytes: (size(state, 0) - size(without, 0)) / ours.length,
    providerTextBytes: Buffer.byteLength(providerText),
    // __provider is stored twice per resource (inputs and outputs) and JSON-escaped each time.
    providerInStateBytes: providerText === "" ? 0 : 2 * Buffer.byteLength(JSON.stringify(providerText)),
    stackTraceBytes: Buffer.byteLength(JSON.stringify(first.stackTrace ?? "")),
    fields: Object.fromEntries(
      Object.entries({ ...first.outputs, __provider: undefined })
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, Buffer.byteLength(JSON.stringify(v))]),
    ),
    providerText,
  };
}

module.exports = { stateBytes };
