export { CleantalkError, type CleantalkErrorCode } from "../provider/errors/cleantalk-error";
export {
  CleantalkAccessKey,
  type CleantalkAccessKeyArgs,
  type CleantalkCredentials,
  type CleantalkKeyDetails,
  type CleantalkKeySource,
  type CleantalkProductName,
  type CleantalkRotationState,
  type CleantalkSiteKey,
} from "./cleantalk-access-key";
