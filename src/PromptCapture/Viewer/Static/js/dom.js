// DOM helpers. Every captured text reaches the page through text nodes only: nothing here (or anywhere in the
// viewer) assigns innerHTML, so a prompt or answer holding HTML shows as the characters it is.

/** Creates an element; attrs sets properties/attributes (no event handler strings), children are nodes or text. */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name === 'dataset') Object.assign(node.dataset, value);
    else if (name.startsWith('on')) throw new Error('el(): use addEventListener, not ' + name);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/** Appends nodes and strings (as text) to a parent, skipping null and false. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Removes every child of a node. */
export function clear(node) {
  node.replaceChildren();
  return node;
}

/** Text with the search index's hit markers (\u0002 hit \u0003) as <mark> elements around plain text nodes. */
export function highlighted(text) {
  const out = [];
  let inHit = false;
  for (const piece of String(text ?? '').split(/([\u0002\u0003])/)) {
    if (piece === '\u0002') inHit = true;
    else if (piece === '\u0003') inHit = false;
    else if (piece) out.push(inHit ? el('mark', null, piece) : piece);
  }
  return out;
}

/** A number with thousands separators, or an en dash for none. */
export function num(value) {
  return value === null || value === undefined ? '–' : Number(value).toLocaleString();
}

/** A duration in ms as "850 ms" or "3.2 s". */
export function duration(ms) {
  if (ms === null || ms === undefined) return '–';
  return ms < 1000 ? `${ms} ms` : ms < 60000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
}

/** A stored datetime_utc as a short local time, with the exact UTC value as its tooltip. */
export function time(value) {
  if (!value) return el('span', { class: 'time' }, '–');
  const date = new Date(value.includes('T') ? value : value.replace(' ', 'T'));
  const text = isNaN(date) ? value : date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return el('time', { class: 'time', datetime: isNaN(date) ? null : date.toISOString(), title: value }, text);
}

/** The alias, with the model that answered below it when it differs. */
export function model(alias, resolved) {
  return [el('span', { class: 'alias' }, alias ?? '?'), resolved && resolved !== alias ? el('span', { class: 'resolved' }, '→ ' + resolved) : null];
}

/** The front door as a badge (llm's own turns dashed). */
export function door(name) {
  return el('span', { class: 'badge door ' + (name === 'llm' ? 'llm' : ''), title: name === 'llm' ? 'written by llm itself' : 'front door' }, name);
}

/** The first product of a User-Agent, whole string as tooltip. */
export function client(userAgent) {
  return el('span', { title: userAgent ?? '' }, userAgent ? userAgent.split(' ')[0] : '–');
}

/** JSON pretty-printed as text. */
export function pretty(value) {
  if (typeof value === 'string') {
    try { return JSON.stringify(JSON.parse(value), null, 2); } catch { return value; }
  }
  return JSON.stringify(value, null, 2);
}

/** A URL the viewer may link to: absolute http, https or mailto only (never javascript:, data: or relative). */
export function safeUrl(text) {
  try {
    const url = new URL(String(text).trim());
    return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** An outgoing link that tells the other site nothing about the viewer. */
export function outLink(href, text) {
  return el('a', { href, rel: 'noopener noreferrer nofollow', target: '_blank' }, text);
}
