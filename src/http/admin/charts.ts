import { roundTo } from '../../numbers.ts';
import { escapeHtml as esc, trusted, type Html } from './html.ts';

export type Series = { name: string; cls: string; values: number[] };

export type BarChartOptions = {
  /** The chart's accessible name; the figure's caption. */
  title: string;
  /** One label per category along the x axis. */
  labels: string[];
  series: Series[];
  /** Stack the series (shares of a whole) instead of grouping them side by side. */
  stacked?: boolean;
  format?: (v: number) => string;
  /** A vertical marker between categories, at a fractional category position (a threshold). */
  marker?: { at: number; label: string };
  /** Colour each bar by its sign instead of its series (gains and losses). */
  signed?: { positive: string; negative: string };
  /** Counts: ticks at whole numbers only. */
  integer?: boolean;
  /** Labels at the left edge of each bar's band (bins of a histogram) instead of its middle. */
  edgeLabels?: boolean;
};

/**
 * The drawing's size in SVG units. It is shown scaled to its column (down to about 340 px on a phone),
 * so text of 14 units shows at 12 px or more; the top padding holds the threshold's label above the bars.
 */
const W = 400;
const H = 220;
const PAD = { left: 56, right: 12, top: 24, bottom: 42 };

/** A round axis maximum and its ticks for values up to `max`. */
function ticks(min: number, max: number, integer = false): number[] {
  const span = Math.max(max - min, 1e-9);
  const step0 = integer ? Math.max(1, span / 4) : span / 4;
  const magnitude = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= step0 && (!integer || Number.isInteger(s)))!;
  const out: number[] = [];
  for (let v = Math.floor(min / step) * step; v <= max + step * 0.999; v += step) out.push(Math.round(v / step) * step);
  return out;
}

/**
 * A bar chart as inline SVG, drawn on the server: no script, no library to download, readable by
 * screen readers (role img, a title, and a title on every bar that hovering also shows).
 */
export function barChart(o: BarChartOptions): Html {
  const format = o.format ?? ((v: number) => String(roundTo(v, 2)));
  const n = o.labels.length;
  // Stacks hold shares of a whole: a negative value has no place in one and is not drawn.
  const totals = o.labels.map((_, i) => o.series.reduce((s, x) => s + Math.max(0, x.values[i] ?? 0), 0));
  const all = o.series.flatMap((s) => s.values);
  const max = Math.max(0, ...(o.stacked ? totals : all));
  const min = Math.min(0, ...(o.stacked ? [0] : all));
  const axis = ticks(min, max === min ? min + 1 : max, o.integer);
  const top = axis[axis.length - 1]!;
  const bottom = axis[0]!;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const y = (v: number) => PAD.top + plotH - ((v - bottom) / (top - bottom)) * plotH;
  const band = plotW / Math.max(n, 1);
  const barW = Math.max(2, Math.min(48, band * 0.7));
  const id = `c${Math.abs(hash(o.title + o.labels.join()))}`;
  const parts: string[] = [];
  for (const t of axis) {
    parts.push(`<line class="grid" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}"/>`);
    parts.push(`<text x="${PAD.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${esc(format(t))}</text>`);
  }
  const every = Math.ceil(n / 12);
  o.labels.forEach((label, i) => {
    const x0 = PAD.left + band * i + (band - barW) / 2;
    if (i % every === 0)
      parts.push(
        `<text x="${(PAD.left + band * (i + (o.edgeLabels ? 0 : 0.5))).toFixed(1)}" y="${H - PAD.bottom + 16}" text-anchor="middle">${esc(label)}</text>`,
      );
    if (o.stacked) {
      let base = 0;
      for (const s of o.series) {
        const v = s.values[i] ?? 0;
        if (v <= 0) continue;
        parts.push(
          `<rect class="${s.cls}" x="${x0.toFixed(1)}" y="${y(base + v).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(base) - y(base + v)).toFixed(1)}"><title>${esc(`${label}: ${s.name} ${format(v)} of ${format(totals[i]!)}`)}</title></rect>`,
        );
        base += v;
      }
    } else {
      const w = barW / o.series.length;
      o.series.forEach((s, k) => {
        const v = s.values[i] ?? 0;
        const cls = o.signed ? (v < 0 ? o.signed.negative : o.signed.positive) : s.cls;
        const [from, to] = v < 0 ? [y(0), y(v)] : [y(v), y(0)];
        parts.push(
          `<rect class="${cls}" x="${(x0 + w * k).toFixed(1)}" y="${from.toFixed(1)}" width="${Math.max(w - 1, 1).toFixed(1)}" height="${Math.max(to - from, v === 0 ? 0 : 1).toFixed(1)}"><title>${esc(`${label}: ${o.series.length > 1 ? `${s.name} ` : ''}${format(v)}`)}</title></rect>`,
        );
      });
    }
  });
  parts.push(`<line class="axis" x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}"/>`);
  if (o.marker) {
    const x = PAD.left + band * o.marker.at;
    parts.push(`<line class="threshold" x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${PAD.top}" y2="${H - PAD.bottom}"/>`);
    // The label sits above the bars, on the side of the line with more room.
    const right = o.marker.at < n / 2;
    parts.push(
      `<text class="marker-label" x="${(x + (right ? 4 : -4)).toFixed(1)}" y="${PAD.top - 8}" text-anchor="${right ? 'start' : 'end'}">${esc(o.marker.label)}</text>`,
    );
  }
  const legend = o.series.length > 1 ? `<ul class="legend">${o.series.map((s) => `<li><i class="${s.cls}"></i>${esc(s.name)}</li>`).join('')}</ul>` : '';
  return trusted(
    `<figure class="chart"><figcaption id="${id}">${esc(o.title)}</figcaption><svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="${id}" focusable="false">${parts.join('')}</svg>${legend}</figure>`,
  );
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return h;
}
