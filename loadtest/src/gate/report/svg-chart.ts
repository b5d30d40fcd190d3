/** A small inline SVG line chart (no scripts, no network), for report.html. */
import { escapeXml } from './escape.js';

export interface Series {
  name: string;
  color: string;
  points: { x: number; y: number | null }[];
}

export function lineChart(title: string, unit: string, series: Series[], width = 640, height = 220): string {
  const pad = { l: 56, r: 12, t: 28, b: 28 };
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.flatMap((p) => (p.y === null ? [] : [p.y])));
  if (xs.length === 0 || ys.length === 0) {
    return `<figure><figcaption>${escapeXml(title)}</figcaption><p class="empty">no data</p></figure>`;
  }
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs, x0 + 1);
  const y1 = Math.max(...ys, 1) * 1.1;
  const sx = (x: number): number => pad.l + ((x - x0) / (x1 - x0)) * (width - pad.l - pad.r);
  const sy = (y: number): number => height - pad.b - (y / y1) * (height - pad.t - pad.b);
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((f) => {
      const y = sy(f * y1);
      return `<line x1="${pad.l}" x2="${width - pad.r}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" stroke="#ddd"/><text x="${pad.l - 6}" y="${(y + 4).toFixed(1)}" text-anchor="end">${Number((f * y1).toPrecision(3))}</text>`;
    })
    .join('');
  const lines = series
    .map((s) => {
      const d = s.points
        .filter((p): p is { x: number; y: number } => p.y !== null)
        .map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`)
        .join(' ');
      // Dots too: a run shorter than two periods has a single point, which a path does not draw.
      const dots = s.points
        .filter((p): p is { x: number; y: number } => p.y !== null)
        .map((p) => `<circle cx="${sx(p.x).toFixed(1)}" cy="${sy(p.y).toFixed(1)}" r="2.5" fill="${s.color}"><title>${escapeXml(`${s.name}: ${p.y}`)}</title></circle>`)
        .join('');
      return d ? `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"><title>${escapeXml(s.name)}</title></path>${dots}` : '';
    })
    .join('');
  const legend = series
    .map((s, i) => `<rect x="${pad.l + i * 150}" y="8" width="10" height="10" fill="${s.color}"/><text x="${pad.l + 14 + i * 150}" y="17">${escapeXml(s.name)}</text>`)
    .join('');
  const seconds = `<text x="${width - pad.r}" y="${height - 8}" text-anchor="end">${Math.round((x1 - x0) / 1000)} s</text><text x="${pad.l}" y="${height - 8}">0 s</text>`;
  return `<figure><figcaption>${escapeXml(title)} (${escapeXml(unit)})</figcaption><svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(title)}">${grid}${lines}${legend}${seconds}</svg></figure>`;
}
