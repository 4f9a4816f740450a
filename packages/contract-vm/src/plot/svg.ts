/**
 * Hand-written SVG charts for the experiment figures: a figure is a title over one or more panels
 * side by side; each panel has axes with ticks and units, a light grid, one line per series with
 * markers and ±1 sd error bars, and a legend under the axis. Text uses the DejaVu Sans family
 * (the PNG renderer loads its font file; browsers fall back to sans-serif).
 */
import type { FigureData, Panel } from '../experiment/figure-data.js';
import { formatTick, niceAxis } from './ticks.js';

const FONT = "'DejaVu Sans', Verdana, sans-serif";
export const COLORS = ['#1f5fa8', '#d9661f', '#2e8b3a', '#b2182b', '#6a3d9a', '#8c6d31'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '4 2', ''];

const PANEL_W = 520;
const PLOT = { left: 78, right: 18, top: 34, height: 300 };
const LEGEND_ROW = 20;

export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const f2 = (v: number): string => (Math.round(v * 100) / 100).toString();

function marker(kind: number, x: number, y: number, color: string): string {
  const s = 3.6;
  switch (kind % 4) {
    case 0:
      return `<circle cx="${f2(x)}" cy="${f2(y)}" r="${s}" fill="${color}"/>`;
    case 1:
      return `<rect x="${f2(x - s)}" y="${f2(y - s)}" width="${2 * s}" height="${2 * s}" fill="${color}"/>`;
    case 2:
      return `<path d="M${f2(x)} ${f2(y - s - 1)} L${f2(x + s + 0.5)} ${f2(y + s)} L${f2(x - s - 0.5)} ${f2(y + s)} Z" fill="${color}"/>`;
    default:
      return `<path d="M${f2(x)} ${f2(y - s - 1)} L${f2(x + s + 1)} ${f2(y)} L${f2(x)} ${f2(y + s + 1)} L${f2(x - s - 1)} ${f2(y)} Z" fill="${color}"/>`;
  }
}

function legendRows(p: Panel): string[][] {
  // Two entries per row when they fit in half the panel width (about 7 px per character at
  // 12 px), else one per row, so long names never run into each other.
  const names = p.series.map((s) => s.name);
  const perRow = names.every((n) => n.length * 7 + 32 <= (PANEL_W - PLOT.left - PLOT.right) / 2) ? 2 : 1;
  const rows: string[][] = [];
  for (let k = 0; k < names.length; k += perRow) rows.push(names.slice(k, k + perRow));
  return rows;
}

export function panelHeight(p: Panel): number {
  return PLOT.top + PLOT.height + 62 + legendRows(p).length * LEGEND_ROW + 6;
}

/** One panel, drawn with its top-left corner at (ox, oy). */
export function renderPanel(p: Panel, ox: number, oy: number): string {
  const w = PANEL_W - PLOT.left - PLOT.right;
  const h = PLOT.height;
  const x0 = ox + PLOT.left;
  const y0 = oy + PLOT.top;
  let xlo = Number.POSITIVE_INFINITY;
  let xhi = Number.NEGATIVE_INFINITY;
  let ylo = Number.POSITIVE_INFINITY;
  let yhi = Number.NEGATIVE_INFINITY;
  for (const s of p.series) {
    for (const pt of s.points) {
      if (!Number.isFinite(pt.mean)) continue;
      const e = s.errorBars === false ? 0 : pt.sd;
      xlo = Math.min(xlo, pt.x);
      xhi = Math.max(xhi, pt.x);
      ylo = Math.min(ylo, pt.mean - e);
      yhi = Math.max(yhi, pt.mean + e);
    }
  }
  if (p.yFromZero) {
    ylo = Math.min(ylo, 0);
    yhi = Math.max(yhi, 0);
  }
  const xa = niceAxis(xlo, xhi, 7);
  const ya = niceAxis(ylo, yhi, 6);
  const X = (v: number): number => x0 + ((v - xa.min) / (xa.max - xa.min)) * w;
  const Y = (v: number): number => y0 + h - ((v - ya.min) / (ya.max - ya.min)) * h;
  const out: string[] = [];
  out.push(
    `<text x="${f2(x0 + w / 2)}" y="${f2(oy + 20)}" text-anchor="middle" font-size="14" font-weight="bold">${esc(p.title)}</text>`,
  );
  out.push(`<rect x="${x0}" y="${y0}" width="${w}" height="${h}" fill="#ffffff" stroke="#444" stroke-width="1"/>`);
  for (const t of ya.ticks) {
    const y = f2(Y(t));
    out.push(`<line x1="${x0}" x2="${x0 + w}" y1="${y}" y2="${y}" stroke="#e3e3e3" stroke-width="1"/>`);
    out.push(`<line x1="${x0 - 5}" x2="${x0}" y1="${y}" y2="${y}" stroke="#444"/>`);
    out.push(
      `<text x="${x0 - 8}" y="${y}" dy="0.35em" text-anchor="end" font-size="12">${esc(formatTick(t, ya.decimals))}</text>`,
    );
  }
  for (const t of xa.ticks) {
    const x = f2(X(t));
    out.push(`<line x1="${x}" x2="${x}" y1="${y0}" y2="${y0 + h}" stroke="#efefef" stroke-width="1"/>`);
    out.push(`<line x1="${x}" x2="${x}" y1="${y0 + h}" y2="${y0 + h + 5}" stroke="#444"/>`);
    out.push(
      `<text x="${x}" y="${y0 + h + 19}" text-anchor="middle" font-size="12">${esc(formatTick(t, xa.decimals))}</text>`,
    );
  }
  out.push(
    `<text x="${f2(x0 + w / 2)}" y="${y0 + h + 40}" text-anchor="middle" font-size="13">${esc(p.xLabel)}</text>`,
  );
  const ly = y0 + h / 2;
  out.push(
    `<text x="${ox + 18}" y="${f2(ly)}" text-anchor="middle" font-size="13" transform="rotate(-90 ${ox + 18} ${f2(ly)})">${esc(p.yLabel)}</text>`,
  );
  p.series.forEach((s, k) => {
    const color = COLORS[k % COLORS.length] as string;
    const pts = s.points.filter((pt) => Number.isFinite(pt.mean));
    if (s.errorBars !== false) {
      for (const pt of pts) {
        if (!(pt.sd > 0)) continue;
        const x = X(pt.x);
        const a = Y(pt.mean - pt.sd);
        const b = Y(pt.mean + pt.sd);
        out.push(
          `<path d="M${f2(x)} ${f2(a)} V${f2(b)} M${f2(x - 3.5)} ${f2(a)} H${f2(x + 3.5)} M${f2(x - 3.5)} ${f2(b)} H${f2(x + 3.5)}" stroke="${color}" stroke-width="1" opacity="0.75" fill="none"/>`,
        );
      }
    }
    const d = pts.map((pt, q) => `${q === 0 ? 'M' : 'L'}${f2(X(pt.x))} ${f2(Y(pt.mean))}`).join(' ');
    const dash = DASHES[k % DASHES.length];
    out.push(
      `<path d="${d}" stroke="${color}" stroke-width="2" fill="none"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`,
    );
    for (const pt of pts) out.push(marker(k, X(pt.x), Y(pt.mean), color));
  });
  const rows = legendRows(p);
  const perRow = rows[0]?.length ?? 1;
  rows.forEach((names, r) => {
    names.forEach((name, c) => {
      const k = r * perRow + c;
      const color = COLORS[k % COLORS.length] as string;
      const lx = ox + PLOT.left + c * (w / 2);
      const yy = y0 + h + 60 + r * LEGEND_ROW;
      const dash = DASHES[k % DASHES.length];
      out.push(
        `<path d="M${f2(lx)} ${yy} H${f2(lx + 26)}" stroke="${color}" stroke-width="2"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`,
      );
      out.push(marker(k, lx + 13, yy, color));
      out.push(`<text x="${f2(lx + 32)}" y="${yy}" dy="0.35em" font-size="12">${esc(name)}</text>`);
    });
  });
  return out.join('\n');
}

/** The whole figure as an SVG document. */
export function renderFigure(f: FigureData, note?: string): string {
  const width = PANEL_W * f.panels.length;
  const ph = Math.max(...f.panels.map(panelHeight));
  const top = 34;
  const height = top + ph + (note ? 18 : 0);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}" fill="#222">`,
  );
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">${esc(f.title)}</text>`,
  );
  f.panels.forEach((p, k) => {
    parts.push(renderPanel(p, k * PANEL_W, top));
  });
  if (note)
    parts.push(
      `<text x="${width / 2}" y="${height - 8}" text-anchor="middle" font-size="11" fill="#555">${esc(note)}</text>`,
    );
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
