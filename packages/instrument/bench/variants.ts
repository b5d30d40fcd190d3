export const BENCH_TOKEN = 'bench-token-0123456789abcdef';
export const VARIANTS = ['bare', 'sockscope', 'admin-ui'] as const;
export type Variant = (typeof VARIANTS)[number];
