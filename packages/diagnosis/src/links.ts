/** Relative dashboard links to the filtered views behind a piece of evidence. */
export interface LinkFilter {
  reason?: string;
  node?: string;
  transport?: string;
  clientVersion?: string;
  user?: string;
}

function query(window: { from: number; to: number }, filter: LinkFilter): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined) params.set(key, value);
  }
  params.set('from', String(window.from));
  params.set('to', String(window.to));
  return params.toString();
}

export function disconnectsLink(
  window: { from: number; to: number },
  filter: LinkFilter = {},
): string {
  return `/disconnects?${query(window, filter)}`;
}

export function sessionsLink(
  filter: { node?: string; transport?: string; user?: string } = {},
): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined) params.set(key, value);
  }
  const text = params.toString();
  return text ? `/sessions?${text}` : '/sessions';
}

export function nodeLink(node: string): string {
  return `/nodes?node=${encodeURIComponent(node)}`;
}
