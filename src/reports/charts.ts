/**
 * Charts as inline SVG, drawn on the server: no script, nothing to load, and they print. Each
 * has a <title> and <desc>, a tooltip (<title>) on every bar, and the page puts the same numbers
 * in a table beside it. Colours and sizes are presentation attributes (the CSP allows no inline
 * style). Every text that comes from data is escaped here.
 */

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}

const INK = "#111111";
const MUTED = "#555555";
const GRID = "#d0d0d0";
export const SERIES = ["#0b4f8a", "#b45309"];

/** A round step (1, 2, 5 × 10ⁿ) at or above a value. */
export function niceStep(value: number): number {
  if (value <= 1) return 1;
  const p = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * p >= value) return m * p;
  return 10 * p;
}

/** A round axis maximum at or above the largest value, in `ticks` whole steps. */
export function niceMax(value: number, ticks = 4): number {
  if (value <= 0) return ticks;
  const step = niceStep(value / ticks);
  return step * Math.ceil(value / step);
}

const fmt = (n: number) => n.toLocaleString("zh-CN");

function svgOpen(id: string, width: number, height: number, title: string, desc: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-t ${id}-d">` +
    `<title id="${id}-t">${escapeXml(title)}</title><desc id="${id}-d">${escapeXml(desc)}</desc>`
  );
}

function text(x: number, y: number, s: string, attrs = ""): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escapeXml(s)}</text>`;
}

export interface SeriesChart {
  id: string;
  title: string;
  unit: string;
  labels: string[];
  series: { name: string; values: number[] }[];
}

/** Grouped columns, e.g. cases accepted and concluded per month. */
export function columnChart(c: SeriesChart): string {
  const width = 640;
  const height = 300;
  const left = 44;
  const right = 12;
  const top = 36;
  const bottom = 44;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const max = niceMax(Math.max(0, ...c.series.flatMap((s) => s.values)));
  const step = niceStep(max / 4);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const band = plotW / Math.max(1, c.labels.length);
  const barW = Math.min(22, (band * 0.8) / c.series.length);
  const desc = c.labels
    .map((l, i) => `${l}：${c.series.map((s) => `${s.name}${fmt(s.values[i] ?? 0)}${c.unit}`).join("，")}`)
    .join("；");
  const parts = [svgOpen(c.id, width, height, c.title, desc)];
  for (let v = 0; v <= max; v += step) {
    const yy = y(v);
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${yy.toFixed(1)}" y2="${yy.toFixed(1)}" stroke="${GRID}" stroke-width="1"/>`,
    );
    parts.push(text(left - 6, yy + 5, fmt(v), `text-anchor="end" font-size="14" fill="${MUTED}"`));
  }
  c.series.forEach((s, si) => {
    const lx = left + si * 110;
    parts.push(`<rect x="${lx}" y="6" width="16" height="16" fill="${SERIES[si % SERIES.length]}"/>`);
    parts.push(text(lx + 22, 20, s.name, `font-size="15" fill="${INK}"`));
  });
  c.labels.forEach((label, i) => {
    const x0 = left + band * i + (band - barW * c.series.length) / 2;
    c.series.forEach((s, si) => {
      const v = s.values[i] ?? 0;
      const x = x0 + si * barW;
      const h = (v / max) * plotH;
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${(top + plotH - h).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="${SERIES[si % SERIES.length]}"><title>${escapeXml(`${label} ${s.name} ${fmt(v)} ${c.unit}`)}</title></rect>`,
      );
      if (v > 0 && c.labels.length <= 18) {
        parts.push(
          text(
            x + (barW - 2) / 2,
            top + plotH - h - 4,
            fmt(v),
            `text-anchor="middle" font-size="12" fill="${INK}"`,
          ),
        );
      }
    });
    const every = Math.ceil(c.labels.length / 12);
    if (i % every === 0) {
      parts.push(
        text(
          left + band * i + band / 2,
          height - bottom + 20,
          label,
          `text-anchor="middle" font-size="13" fill="${INK}"`,
        ),
      );
    }
  });
  parts.push(
    `<line x1="${left}" x2="${width - right}" y1="${top + plotH}" y2="${top + plotH}" stroke="${INK}" stroke-width="1"/>`,
  );
  parts.push("</svg>");
  return parts.join("");
}

export interface BarRow {
  label: string;
  value: number | null;
  /** What the bar says at its end, e.g. "71.4%（5/7）". */
  caption: string;
}

/** Horizontal bars, one row each: counts (max = largest value) or rates (max = 1). */
export function barChart(c: { id: string; title: string; rows: BarRow[]; max?: number }): string {
  const width = 640;
  const labelW = 150;
  const captionW = 150;
  const rowH = 32;
  const top = 8;
  const height = top + Math.max(1, c.rows.length) * rowH + 8;
  const plotW = width - labelW - captionW - 16;
  const max = c.max ?? Math.max(1, ...c.rows.map((r) => r.value ?? 0));
  const desc = c.rows.map((r) => `${r.label}：${r.caption}`).join("；");
  const parts = [svgOpen(c.id, width, height, c.title, desc || "没有数据")];
  if (c.rows.length === 0) {
    parts.push(text(width / 2, top + 20, "没有数据", `text-anchor="middle" font-size="13" fill="${MUTED}"`));
  }
  c.rows.forEach((r, i) => {
    const y = top + i * rowH;
    const label = r.label.length > 11 ? `${r.label.slice(0, 10)}…` : r.label;
    parts.push(text(labelW - 8, y + 21, label, `text-anchor="end" font-size="15" fill="${INK}"`));
    parts.push(`<rect x="${labelW}" y="${y + 6}" width="${plotW}" height="${rowH - 12}" fill="#eef0f2"/>`);
    const w = r.value === null ? 0 : Math.max(0, Math.min(1, r.value / max)) * plotW;
    if (w > 0) {
      parts.push(
        `<rect x="${labelW}" y="${y + 6}" width="${w.toFixed(1)}" height="${rowH - 12}" fill="${SERIES[0]}"><title>${escapeXml(`${r.label}：${r.caption}`)}</title></rect>`,
      );
    }
    parts.push(
      text(labelW + plotW + 8, y + 21, r.caption, `font-size="14" fill="${r.value === null ? MUTED : INK}"`),
    );
  });
  parts.push("</svg>");
  return parts.join("");
}
