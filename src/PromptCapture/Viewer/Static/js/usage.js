// Usage: tokens per UTC day per model as a stacked bar chart in inline SVG (drawn here, no library), and totals per
// alias for the chosen period. Model names reach the SVG as text nodes only.
import { el, clear, num, duration } from './dom.js';
import { getJson, query } from './api.js';

const SVG = 'http://www.w3.org/2000/svg';
const COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Loads and draws the usage of the last <days> days (0: everything). */
export async function showUsage(days) {
  const report = await getJson('/_viewer/api/usage' + query({ days }));
  const models = [...new Set(report.totals.map(t => t.model))];
  const colour = m => COLOURS[models.indexOf(m) % COLOURS.length];
  clear(document.getElementById('usage-chart')).append(chart(report.days, models, colour), legend(models, colour));
  clear(document.getElementById('usage-rows')).append(...report.totals.map(t => el('tr', null,
    el('td', null, el('span', { class: 'swatch-cell' }, t.model)),
    el('td', { class: 'num', 'data-label': 'Turns' }, num(t.turns)),
    el('td', { class: 'num', 'data-label': 'In' }, num(t.input_tokens)),
    el('td', { class: 'num', 'data-label': 'Out' }, num(t.output_tokens)),
    el('td', { class: 'num', 'data-label': 'Time' }, duration(t.duration_ms)))));
}

/** An SVG element with attributes and children. */
function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs ?? {})) node.setAttribute(k, String(v));
  for (const child of children.flat()) if (child) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

/** The stacked bars: one column per day that has turns, one segment per model, a tooltip per segment. */
function chart(rows, models, colour) {
  const days = [...new Set(rows.map(r => r.day))].sort();
  const width = 900, height = 300, left = 56, bottom = 28, top = 10;
  const totals = days.map(d => rows.filter(r => r.day === d).reduce((s, r) => s + r.input_tokens + r.output_tokens, 0));
  const max = Math.max(1, ...totals);
  const slot = (width - left - 10) / Math.max(1, days.length);
  const bar = Math.max(2, Math.min(48, slot * 0.7));
  const y = value => top + (height - top - bottom) * (1 - value / max);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': 'usage-chart-title', id: 'usage-svg' },
    svg('title', { id: 'usage-chart-title' }, days.length ? `Tokens per day per model, ${days[0]} to ${days.at(-1)}` : 'No usage in this period'));
  for (const fraction of [0, 0.5, 1]) {
    const value = Math.round(max * fraction);
    root.append(svg('line', { class: 'axis', x1: left, x2: width - 5, y1: y(value), y2: y(value) }),
      svg('text', { x: left - 6, y: y(value) + 4, 'text-anchor': 'end' }, compact(value)));
  }
  days.forEach((day, i) => {
    let base = 0;
    const x = left + i * slot + (slot - bar) / 2;
    for (const m of models) {
      const r = rows.find(row => row.day === day && row.model === m);
      if (!r) continue;
      const value = r.input_tokens + r.output_tokens;
      if (value <= 0) continue;
      root.append(svg('rect', { class: 'bar', x, width: bar, y: y(base + value), height: Math.max(1, y(base) - y(base + value)), fill: colour(m) },
        svg('title', null, `${day} · ${m}: ${num(r.input_tokens)} in, ${num(r.output_tokens)} out, ${num(r.turns)} turns`)));
      base += value;
    }
    if (days.length <= 16 || i % Math.ceil(days.length / 12) === 0)
      root.append(svg('text', { x: x + bar / 2, y: height - 8, 'text-anchor': 'middle' }, day.slice(5)));
  });
  if (!days.length) root.append(svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle' }, 'No turns in this period'));
  return root;
}

/** The colour key. */
function legend(models, colour) {
  return el('ul', { class: 'legend' }, models.map(m => {
    const swatch = el('span', { class: 'swatch' });
    swatch.style.background = colour(m);
    return el('li', null, swatch, m);
  }));
}

/** 12500 as 12.5k, for the axis. */
function compact(value) {
  return value >= 1e6 ? (value / 1e6).toFixed(1) + 'M' : value >= 1e3 ? (value / 1e3).toFixed(1) + 'k' : String(value);
}
