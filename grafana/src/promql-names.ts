const CLAUSE_WORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'offset',
  'bool',
  'inf',
  'nan',
]);

/**
 * Series names a PromQL expression selects: identifiers outside strings and label matchers
 * that are not functions, keywords, label names in by/on clauses, or durations.
 */
export function seriesNames(expr: string): string[] {
  const cleaned = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '{}')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
    .replace(/\[[^\]]*\]/g, '[]');
  const names = new Set<string>();
  for (const match of cleaned.matchAll(/(?<![\w:.$])([a-zA-Z_:][\w:]*)(?![\w:])(?!\s*\()/g)) {
    const name = match[1] ?? '';
    if (!CLAUSE_WORDS.has(name.toLowerCase())) names.add(name);
  }
  return [...names];
}
