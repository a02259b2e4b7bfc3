import { html } from 'hono/html';

export interface Bar {
  label: string;
  value: number;
  tone?: 'good' | 'bad' | undefined;
}

const WIDTH = 560;
const LABEL_WIDTH = 200;
const ROW = 26;
const BAR_SPACE = WIDTH - LABEL_WIDTH - 60;

/**
 * A horizontal bar chart as inline SVG: markup, not a loaded resource, so the console's CSP (default-src 'none')
 * lets it render, and no script draws it. Its figures are in its accessible name for those who cannot see it.
 */
export function barChart(title: string, bars: readonly Bar[]) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const described = `${title}: ${bars.map((b) => `${b.label} ${b.value}`).join(', ') || 'none'}`;
  const height = Math.max(1, bars.length) * ROW + 8;
  return html`<svg class="chart" role="img" aria-label="${described}" width="${WIDTH}" height="${height}"
    viewBox="0 0 ${WIDTH} ${height}" xmlns="http://www.w3.org/2000/svg">
  <title>${described}</title>
  ${bars.map((b, i) => {
    const y = 4 + i * ROW;
    const length = Math.round((b.value / max) * BAR_SPACE);
    return html`<text x="${LABEL_WIDTH - 8}" y="${y + 17}" text-anchor="end" class="chart-label">${b.label}</text>
    <rect x="${LABEL_WIDTH}" y="${y + 3}" width="${Math.max(length, 1)}" height="${ROW - 8}" class="bar ${b.tone ?? ''}"></rect>
    <text x="${LABEL_WIDTH + Math.max(length, 1) + 6}" y="${y + 17}" class="chart-label">${b.value}</text>`;
  })}
</svg>`;
}
