/**
 * Horizontal bar charts as inline SVG, drawn on the server: no script, no CDN. Each chart is an
 * image with a title and a description that says every number (`role="img"`), and the numbers are
 * also written beside their bars, so nobody needs to read a length or tell colours apart.
 */

export type BarColour = 'green' | 'red' | 'amber' | 'blue' | 'grey';

export interface Bar {
  label: string;
  value: number;
  colour: BarColour;
  /** Shown after the value, e.g. `(75%)`. */
  note?: string;
}

export interface BarChart {
  id: string;
  title: string;
  bars: Bar[];
}

const MIN_LABEL_WIDTH = 230;
const BAR_AREA = 280;
const MIN_VALUE_WIDTH = 250;
/** A generous width for `text` in the chart's 16 px font. */
const textWidth = (text: string): number => Math.ceil(text.length * 9);
const BAR_HEIGHT = 26;
const GAP = 12;
const PADDING = 8;

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** The sentence a screen reader hears for the chart. */
export function describeChart(chart: BarChart): string {
  if (chart.bars.length === 0) return `${chart.title}: no figures.`;
  return `${chart.title}: ${chart.bars.map((bar) => `${bar.label} ${bar.value}${bar.note ? ` ${bar.note}` : ''}`).join('; ')}.`;
}

/** `part` of `whole` as a whole percentage, or undefined when there is no whole. */
export function percentage(part: number, whole: number): number | undefined {
  return whole > 0 ? Math.round((part / whole) * 100) : undefined;
}

/** The chart as SVG markup (safe to put in the page as it is: every text is escaped). */
export function barChartSvg(chart: BarChart): string {
  const id = chart.id.replace(/[^a-z0-9-]/gi, '-');
  const max = Math.max(1, ...chart.bars.map((bar) => bar.value));
  // Room for the longest label and value text, so none is cut off (16 px text is at most about 9 px a character).
  const LABEL_WIDTH = Math.max(MIN_LABEL_WIDTH, ...chart.bars.map((bar) => textWidth(bar.label) + 10));
  const VALUE_WIDTH = Math.max(MIN_VALUE_WIDTH, ...chart.bars.map((bar) => textWidth(`${bar.value}${bar.note ? ` ${bar.note}` : ''}`) + 8));
  const width = LABEL_WIDTH + BAR_AREA + VALUE_WIDTH;
  const height = PADDING * 2 + Math.max(1, chart.bars.length) * (BAR_HEIGHT + GAP) - GAP;
  const rows = chart.bars.map((bar, index) => {
    const y = PADDING + index * (BAR_HEIGHT + GAP);
    const length = bar.value === 0 ? 0 : Math.max(2, Math.round((bar.value / max) * BAR_AREA));
    const textY = y + BAR_HEIGHT / 2 + 6;
    return [
      `<text class="app-chart__label" x="${LABEL_WIDTH - 10}" y="${textY}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect class="app-chart__bar--${bar.colour}" x="${LABEL_WIDTH}" y="${y}" width="${length}" height="${BAR_HEIGHT}"></rect>`,
      `<text class="app-chart__label" x="${LABEL_WIDTH + length + 8}" y="${textY}">${bar.value}${bar.note ? ` ${escapeXml(bar.note)}` : ''}</text>`,
    ].join('');
  });
  return [
    `<svg class="app-chart" id="${id}" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${id}-title">${escapeXml(chart.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(describeChart(chart))}</desc>`,
    `<line class="app-chart__axis" x1="${LABEL_WIDTH}" y1="0" x2="${LABEL_WIDTH}" y2="${height}"></line>`,
    ...rows,
    '</svg>',
  ].join('');
}
