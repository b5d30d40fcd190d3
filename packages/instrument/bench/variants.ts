export const BENCH_TOKEN = 'bench-token-0123456789abcdef';
/**
 * `engine-hooks` is bare Socket.IO with a no-op `packet` and `packetCreate` listener on every
 * engine connection: what the instrument's per-packet hook costs before it does any work.
 */
export const VARIANTS = ['bare', 'sockscope', 'admin-ui', 'engine-hooks'] as const;
export type Variant = (typeof VARIANTS)[number];
export const DEFAULT_VARIANTS: readonly Variant[] = ['bare', 'sockscope', 'admin-ui'];
