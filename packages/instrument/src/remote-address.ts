import type { IncomingHttpHeaders } from 'node:http';

/** The client's address: the first `x-forwarded-for` entry when the proxy is trusted. */
export function remoteAddressOf(
  peer: string | undefined,
  headers: IncomingHttpHeaders,
  trustProxy: boolean,
): string {
  if (trustProxy) {
    const forwarded = firstForwarded(headers);
    if (forwarded !== null) return forwarded;
  }
  return peer ?? '';
}

export function firstForwarded(headers: IncomingHttpHeaders): string | null {
  return forwardedFor(headers)[0] ?? null;
}

/** Every address in `x-forwarded-for`, in order. */
export function forwardedFor(headers: IncomingHttpHeaders): string[] {
  const raw = headers['x-forwarded-for'];
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return values
    .flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter((value) => value !== '');
}

export function isLoopback(address: string): boolean {
  return (
    address === '::1' ||
    address === '127.0.0.1' ||
    address.startsWith('127.') ||
    address.startsWith('::ffff:127.') ||
    address === 'localhost'
  );
}
