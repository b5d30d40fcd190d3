/** A small parser for the Prometheus text exposition format (what the exporters' `/metrics` serves). */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let i = 0;
  while (i < text.length) {
    while (text[i] === ',' || text[i] === ' ') i += 1;
    const eq = text.indexOf('=', i);
    if (eq < 0) break;
    const key = text.slice(i, eq).trim();
    i = eq + 1;
    if (text[i] !== '"') break;
    i += 1;
    let value = '';
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\' && i + 1 < text.length) {
        const next = text[i + 1];
        value += next === 'n' ? '\n' : next;
        i += 2;
      } else {
        value += text[i];
        i += 1;
      }
    }
    i += 1;
    labels[key] = value;
  }
  return labels;
}

export function parsePrometheusText(text: string): Sample[] {
  const out: Sample[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const brace = line.indexOf('{');
    let name: string;
    let labels: Record<string, string> = {};
    let rest: string;
    if (brace >= 0 && brace < line.indexOf(' ')) {
      name = line.slice(0, brace);
      const close = line.lastIndexOf('}');
      labels = parseLabels(line.slice(brace + 1, close));
      rest = line.slice(close + 1).trim();
    } else {
      const sp = line.indexOf(' ');
      name = line.slice(0, sp);
      rest = line.slice(sp + 1).trim();
    }
    const valueText = rest.split(/\s+/)[0] ?? '';
    const value =
      valueText === '+Inf' ? Infinity : valueText === '-Inf' ? -Infinity : Number(valueText);
    if (name && !Number.isNaN(value)) out.push({ name, labels, value });
  }
  return out;
}
