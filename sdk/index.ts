export {
  CleantalkAccessKey,
  type CleantalkAccessKeyArgs,
  type CleantalkKeySource,
  type CleantalkProductName,
  type CleantalkSiteKey,
} from "./cleantalk-access-key";
