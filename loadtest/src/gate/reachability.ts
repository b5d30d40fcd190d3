/**
 * Checks the target answers HTTP at all before any load starts. It asks for `/` rather than the
 * Socket.IO path so the check leaves no session and no handshake error in the server's counters.
 */
export async function checkReachable(target: string, timeoutMs = 5000): Promise<void> {
  const url = new URL('/', target.replace(/^ws/, 'http'));
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new Error(`target ${target} is unreachable (${why})`);
  }
}
