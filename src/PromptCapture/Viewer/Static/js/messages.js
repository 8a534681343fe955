// Messages and their parts as llm stores them (text, reasoning, tool_call, tool_result, attachment), shown safely:
// answers as Markdown, prompts as plain text, JSON pretty-printed as text, images only from the viewer's own origin.
import { el, pretty, safeUrl, outLink } from './dom.js';
import { markdown } from './markdown.js';

/**
 * One part in a single shape, from either source: a turn's stored part ({type, text, name, payload, attachments})
 * or a failure's request part (llm's to_dict: {type, text, name, arguments, output, tool_call_id, attachment}).
 */
export function normalizePart(part) {
  let payload = {};
  if (typeof part.payload === 'string') {
    try { payload = JSON.parse(part.payload) ?? {}; } catch { payload = {}; }
  } else if (part.payload && typeof part.payload === 'object') {
    payload = part.payload;
  }
  const source = { ...payload, ...part };
  const attachments = part.attachments ?? (source.attachment ? [source.attachment] : []);
  return {
    type: source.type,
    text: source.text ?? null,
    name: source.tool_name ?? source.name ?? null,
    arguments: source.arguments,
    output: source.output,
    toolCallId: source.tool_call_id ?? null,
    exception: source.exception ?? null,
    attachments,
  };
}

/** A message block: its role and parts. */
export function message(msg) {
  const role = msg.role ?? 'unknown';
  return el('div', { class: 'message ' + role },
    el('div', { class: 'role' }, role),
    (msg.parts ?? []).map(p => part(normalizePart(p), role)));
}

/** One part. */
function part(p, role) {
  switch (p.type) {
    case 'text':
      return role === 'assistant' ? markdown(p.text ?? '') : el('div', { class: 'plain' }, p.text ?? '');
    case 'reasoning':
      return el('details', { class: 'reasoning' }, el('summary', null, 'Reasoning'), el('div', { class: 'plain' }, p.text ?? ''));
    case 'tool_call':
      return el('div', { class: 'tool-call' },
        el('span', { class: 'label' }, 'Tool call '), el('span', { class: 'name' }, p.name ?? '?'),
        p.toolCallId ? el('small', { class: 'meta' }, '  ' + p.toolCallId) : null,
        el('pre', { class: 'arguments' }, pretty(p.arguments ?? {})));
    case 'tool_result':
      return el('div', { class: 'tool-result' },
        el('span', { class: 'label' }, 'Tool result '), el('span', { class: 'name' }, p.name ?? '?'),
        p.toolCallId ? el('small', { class: 'meta' }, '  ' + p.toolCallId) : null,
        el('pre', { class: 'output' }, typeof p.output === 'string' ? p.output : pretty(p.output ?? '')),
        p.exception ? el('p', { class: 'error' }, String(p.exception)) : null);
    case 'attachment':
      return p.attachments.map(attachment);
    default:
      return el('div', { class: 'plain' }, `[${p.type}] `, p.text ?? '');
  }
}

const INLINE_IMAGES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp'];

/**
 * An attachment: stored raster images inline from the viewer's own endpoint, remote ones as a link (the page never
 * loads other origins), anything else as a download.
 */
function attachment(a) {
  const type = a.type ?? 'unknown type';
  if (a.url) {
    const href = safeUrl(a.url);
    return el('div', { class: 'attachment' }, 'Attachment (' + type + '): ', href ? outLink(href, a.url) : a.url);
  }
  const src = '/_viewer/api/attachments/' + encodeURIComponent(a.id ?? '');
  if (INLINE_IMAGES.includes(type)) {
    return el('div', { class: 'attachment' }, el('a', { href: src, target: '_blank', rel: 'noopener' },
      el('img', { src, alt: 'Attached image (' + type + ')', loading: 'lazy' })));
  }
  return el('div', { class: 'attachment' }, el('a', { href: src, download: '' }, 'Download attachment (' + type + ((a.size ?? a.content_length) ? ', ' + (a.size ?? a.content_length) + ' bytes' : '') + ')'));
}
