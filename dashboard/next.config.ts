import type { NextConfig } from 'next';

const config: NextConfig = {
  // The custom server (server.ts) hosts Socket.IO; Next serves pages and route handlers only.
  poweredByHeader: false,
  reactStrictMode: true,
  // The workspace package ships compiled ESM in dist/.
  transpilePackages: [],
  serverExternalPackages: ['pino', 'socket.io', 'socket.io-client'],
  typedRoutes: false,
};

export default config;
