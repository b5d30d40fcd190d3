export const BENCH_TOKEN = 'bench-token-0123456789abcdef';
/**
 * `import-only` is bare Socket.IO that loads the compiled package without calling
 * `instrument()`: what its code and retained heap cost a server before it counts anything.
 */
export const VARIANTS = ['bare', 'sockscope', 'admin-ui', 'import-only'] as const;
export type Variant = (typeof VARIANTS)[number];
export const DEFAULT_VARIANTS: readonly Variant[] = ['bare', 'sockscope', 'admin-ui'];
