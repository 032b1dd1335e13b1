export { ApiError } from "./api-error";
export { CleantalkError, type CleantalkErrorCode } from "./cleantalk-error";
export { InputError, type InputFailure } from "./input-error";
export { LifecycleError } from "./lifecycle-error";
export { SchemaMismatchError } from "./schema-mismatch-error";
export { TransportError } from "./transport-error";
