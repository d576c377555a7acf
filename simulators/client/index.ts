/** The device side of the device channel: HTTP, retries with back-off, fail-over between servers. */
export {
  ChannelError,
  DeviceChannelClient,
  type ChannelAnswer,
  type ChannelClientOptions,
  type ChannelEvents,
} from './device-channel-client';
export { NetworkError, type TransportOptions } from './http-transport';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
export { parseServerUrls, ServerPool, ServerUrlError } from './server-pool';
