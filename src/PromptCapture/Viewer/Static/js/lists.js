// The conversation list (newest first, searchable, paged) and the failures list.
import { el, clear, num, duration, time, model, door, client, highlighted } from './dom.js';
import { getJson, query } from './api.js';

/** A paged list bound to its table body, "more" button and empty note. */
class PagedList {
  constructor(rows, more, empty, url, row) {
    Object.assign(this, { rows, more, empty, url, row, next: null, params: {}, generation: 0 });
    more.addEventListener('click', () => this.load(false));
  }

  /** Loads the first page (fresh) or the next one; a stale answer (older search) is dropped. */
  async load(fresh) {
    const generation = fresh ? ++this.generation : this.generation;
    const page = await getJson(this.url + query({ ...this.params, before: fresh ? null : this.next }));
    if (generation !== this.generation) return;
    if (fresh) clear(this.rows);
    this.rows.append(...page.items.map(item => this.row(item)));
    this.next = page.next;
    this.more.hidden = !page.next;
    this.empty.hidden = this.rows.children.length > 0;
  }

  /** Puts the newest page on top, replacing rows already shown and marking the new ones. */
  async refreshTop() {
    const generation = this.generation;
    const page = await getJson(this.url + query({ ...this.params }));
    if (generation !== this.generation) return;
    const keys = new Set(page.items.map(item => this.key(item)));
    for (const existing of [...this.rows.children]) if (keys.has(existing.dataset.key)) existing.remove();
    const known = new Set([...this.rows.children].map(r => r.dataset.key));
    const fresh = page.items.map(item => this.row(item));
    fresh.forEach(r => { if (!known.has(r.dataset.key)) r.classList.add('fresh'); });
    this.rows.prepend(...fresh);
    if (this.next === null && page.next) { this.next = page.next; this.more.hidden = false; }
    this.empty.hidden = this.rows.children.length > 0;
  }
}

/** The conversations list. */
export class ConversationList extends PagedList {
  constructor() {
    super(document.getElementById('conversation-rows'), document.getElementById('conversation-more'),
      document.getElementById('conversation-empty'), '/_viewer/api/conversations', conversationRow);
    this.key = item => item.thread_id;
  }

  /** Narrows the list to a search (empty: the whole list). */
  search(text) {
    this.params = { q: text || null };
    this.empty.textContent = text ? 'Nothing matches that search.' : 'No captures yet. Send a request to /v1/chat/completions and it shows up here.';
    return this.load(true);
  }
}

/** One conversation row; the prompt is a link, so Tab, Enter and j/k work on it. */
function conversationRow(c) {
  const prompt = c.first_prompt || c.name || '(no prompt text)';
  return el('tr', { dataset: { key: c.thread_id, last: c.last_turn_id } },
    el('td', { class: 'prompt' },
      el('a', { href: '#/c/' + encodeURIComponent(c.thread_id), class: 'row-link' }, prompt.length > 200 ? prompt.slice(0, 200) + '…' : prompt),
      c.snippet ? el('div', { class: 'snippet' }, highlighted(c.snippet)) : null),
    el('td', { 'data-label': 'Model' }, model(c.model, c.resolved_model)),
    el('td', { 'data-label': 'Door' }, door(c.front_door)),
    el('td', { 'data-label': 'Client', class: 'client' }, client(c.user_agent)),
    el('td', { 'data-label': 'Turns', class: 'num' }, num(c.turns)),
    el('td', { 'data-label': 'Tokens', class: 'num' }, `${num(c.input_tokens)} / ${num(c.output_tokens)}`),
    el('td', { 'data-label': 'Duration', class: 'num' }, duration(c.duration_ms)),
    el('td', { 'data-label': 'Time' }, time(c.last_utc)));
}

/** The failures list. */
export class FailureList extends PagedList {
  constructor() {
    super(document.getElementById('failure-rows'), document.getElementById('failure-more'),
      document.getElementById('failure-empty'), '/_viewer/api/failures', failureRow);
    this.key = item => item.id;
  }
}

/** One failure row, its error as the link. */
function failureRow(f) {
  const error = f.error_message || f.error_type || f.outcome || 'failed';
  return el('tr', { dataset: { key: f.id }, class: 'failure' },
    el('td', { class: 'prompt error' }, el('a', { href: '#/f/' + encodeURIComponent(f.id), class: 'row-link' }, error.length > 160 ? error.slice(0, 160) + '…' : error)),
    el('td', { 'data-label': 'Model' }, model(f.model, f.resolved_model)),
    el('td', { 'data-label': 'Status', class: 'num' }, f.http_status ?? '–'),
    el('td', { 'data-label': 'Outcome' }, el('span', { class: 'badge' }, f.outcome ?? '?')),
    el('td', { 'data-label': 'Door' }, door(f.front_door)),
    el('td', { 'data-label': 'Client', class: 'client' }, client(f.user_agent)),
    el('td', { 'data-label': 'Time' }, time(f.datetime_utc)));
}
