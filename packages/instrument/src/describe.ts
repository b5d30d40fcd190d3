const MAX_DESCRIPTION = 256;

/** Socket.IO hands a disconnect's description as an Error, a context object or nothing. */
export function describe(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value.slice(0, MAX_DESCRIPTION);
  if (value instanceof Error) return value.message.slice(0, MAX_DESCRIPTION);
  if (typeof value === 'object') {
    const inner =
      'description' in value ? value.description : 'message' in value ? value.message : undefined;
    if (inner !== undefined && inner !== value) return describe(inner);
  }
  return null;
}
