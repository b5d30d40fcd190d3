export {
  createClient,
  type ClientOptions,
  type SockscopeAuth,
  type SockscopeSocket,
  type TokenSource,
} from './create-client.js';
export { CLIENT_VERSION } from './client-version.js';
