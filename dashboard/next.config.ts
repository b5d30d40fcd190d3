import type { NextConfig } from 'next';

const config: NextConfig = {
  // The custom server (server.ts) hosts Socket.IO; Next serves pages and route handlers only.
  poweredByHeader: false,
  reactStrictMode: true,
  serverExternalPackages: ['pino', 'socket.io', 'socket.io-client'],
  typedRoutes: false,
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default config;
