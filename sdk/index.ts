export {
  CleantalkAccessKey,
  type CleantalkAccessKeyArgs,
  type CleantalkCredentials,
  type CleantalkKeyDetails,
  type CleantalkKeySource,
  type CleantalkProductName,
  type CleantalkSiteKey,
} from "./cleantalk-access-key";
