export * from './disconnect-reasons.js';
export * from './handshake-errors.js';
export * from './metric-names.js';
export * from './app-protocol.js';
export * from './session.js';
export * from './sidecar-protocol.js';
export * from './exporter-api.js';
export * from './stack-file.js';
