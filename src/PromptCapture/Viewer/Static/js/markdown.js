// A small Markdown renderer that builds DOM nodes, never HTML strings: raw HTML in the text stays text, and links
// are made only for absolute http, https and mailto URLs. Covers what model answers use: fenced code, inline code,
// emphasis, headings, lists, quotes, rules and links. Anything else shows as the text it is.
import { el, safeUrl, outLink } from './dom.js';

const FENCE = /^\s{0,3}(`{3,}|~{3,})\s*([\w+#.-]*)/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const ORDERED = /^\s*(\d{1,9})[.)]\s+(.*)$/;
const QUOTE = /^\s{0,3}>\s?(.*)$/;
const RULE = /^\s{0,3}([-*_])(\s*\1){2,}\s*$/;

/** Renders Markdown text into a container element. */
export function markdown(text) {
  const root = el('div', { class: 'markdown' });
  const lines = String(text ?? '').replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const fence = FENCE.exec(line);
    if (fence) {
      const body = [];
      i++;
      while (i < lines.length && !lines[i].trimStart().startsWith(fence[1])) body.push(lines[i++]);
      i++; // the closing fence (or the end)
      root.append(el('pre', { dataset: fence[2] ? { lang: fence[2] } : null }, el('code', null, body.join('\n'))));
      continue;
    }
    if (!line.trim()) { i++; continue; }
    const heading = HEADING.exec(line);
    if (heading) {
      root.append(el('h' + Math.min(6, heading[1].length + 2), null, inline(heading[2])));
      i++;
      continue;
    }
    if (RULE.test(line)) { root.append(el('hr')); i++; continue; }
    if (BULLET.test(line) || ORDERED.test(line)) {
      const ordered = !BULLET.test(line);
      const pattern = ordered ? ORDERED : BULLET;
      const list = el(ordered ? 'ol' : 'ul', ordered ? { start: ORDERED.exec(line)[1] } : null);
      while (i < lines.length && pattern.test(lines[i])) {
        const match = pattern.exec(lines[i++]);
        const item = [match[ordered ? 2 : 1]];
        // Continuation lines (indented, not a new item) belong to the item.
        while (i < lines.length && /^\s{2,}\S/.test(lines[i]) && !BULLET.test(lines[i]) && !ORDERED.test(lines[i])) item.push(lines[i++].trim());
        list.append(el('li', null, lines_(item)));
      }
      root.append(list);
      continue;
    }
    if (QUOTE.test(line)) {
      const quoted = [];
      while (i < lines.length && QUOTE.test(lines[i])) quoted.push(QUOTE.exec(lines[i++])[1]);
      root.append(el('blockquote', null, markdown(quoted.join('\n'))));
      continue;
    }
    const paragraph = [];
    while (i < lines.length && lines[i].trim() && !FENCE.test(lines[i]) && !HEADING.test(lines[i]) && !RULE.test(lines[i])
      && !BULLET.test(lines[i]) && !ORDERED.test(lines[i]) && !QUOTE.test(lines[i])) paragraph.push(lines[i++]);
    root.append(el('p', null, lines_(paragraph)));
  }
  return root;
}

/** Lines of one block, inline-rendered, with line breaks kept (chat answers mean them). */
function lines_(lines) {
  const out = [];
  lines.forEach((line, index) => {
    if (index > 0) out.push(el('br'));
    out.push(...inline(line));
  });
  return out;
}

// One pattern per inline construct; the earliest match wins, emphasis is rendered recursively.
const INLINE = new RegExp([
  '(`+)([^`]|[^`][\\s\\S]*?[^`])\\1(?!`)',          // 1,2: code span
  '\\*\\*(?=\\S)([\\s\\S]*?\\S)\\*\\*',              // 3: strong
  '(?<![\\w])__(?=\\S)([\\s\\S]*?\\S)__(?![\\w])',      // 4: strong (not inside a word: snake__case)
  '\\*(?=[^\\s*])([\\s\\S]*?[^\\s*])\\*',            // 5: emphasis
  '(?<![\\w])_(?=[^\\s_])([\\s\\S]*?[^\\s_])_(?![\\w])', // 6: emphasis
  '\\[([^\\]\\n]+)\\]\\(\\s*<?([^\\s)<>]+)>?(?:\\s+"[^"\\n]*")?\\s*\\)', // 7,8: link
  '<((?:https?|mailto):[^\\s<>]+)>',                 // 9: autolink
  '(https?:\\/\\/[^\\s<>()\\[\\]]*[^\\s<>()\\[\\].,;:!?\'"])', // 10: bare URL
].join('|'));

/** Inline Markdown of one line as nodes. */
export function inline(text) {
  const out = [];
  let rest = String(text ?? '');
  while (rest) {
    const m = INLINE.exec(rest);
    if (!m) { out.push(rest); break; }
    if (m.index > 0) out.push(rest.slice(0, m.index));
    out.push(token(m));
    rest = rest.slice(m.index + m[0].length);
  }
  return out;
}

/** The node for one inline match; a link whose URL is not allowed stays the text that was written. */
function token(m) {
  if (m[1] !== undefined) return el('code', null, m[2]);
  if (m[3] !== undefined || m[4] !== undefined) return el('strong', null, inline(m[3] ?? m[4]));
  if (m[5] !== undefined || m[6] !== undefined) return el('em', null, inline(m[5] ?? m[6]));
  if (m[7] !== undefined) {
    const href = safeUrl(m[8]);
    return href ? append_(outLink(href, ''), inline(m[7]), href) : m[0];
  }
  const href = safeUrl(m[9] ?? m[10]);
  return href ? outLink(href, m[9] ?? m[10]) : m[0];
}

/** Fills a link with its rendered label and shows where it goes. */
function append_(link, label, href) {
  link.append(...label.map(part => (part instanceof Node ? part : document.createTextNode(part))));
  link.title = href;
  return link;
}
