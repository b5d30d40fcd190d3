/** Where to go after sign-in: only same-site paths (with their query), never another origin. */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/';
  try {
    const url = new URL(next, 'http://localhost');
    return url.host === 'localhost' ? `${url.pathname}${url.search}` : '/';
  } catch {
    return '/';
  }
}
