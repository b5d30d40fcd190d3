/** This package's version, sent as `handshake.auth.clientVersion` (a test keeps it equal to package.json). */
export const CLIENT_VERSION = '0.1.0';
