// The viewer's page: a hash router over four views, the search box, live updates over server-sent events (one
// stream per tab, fed by one watcher in the gateway), keyboard navigation and the theme switch.
import { ConversationList, FailureList } from './lists.js';
import { showConversation, showFailure } from './conversation.js';
import { showUsage } from './usage.js';
import { getJson } from './api.js';

const $ = id => document.getElementById(id);
const views = ['conversations', 'conversation', 'failures', 'failure', 'usage'];
const state = { view: null, id: null, shownTurn: null, paused: false, pending: 0, mark: null, loadedFailures: false };
const conversations = new ConversationList();
const failures = new FailureList();

/** Shows a message (an error) above the views, or clears it. */
function notice(text) {
  $('notice').textContent = text ?? '';
}

/** Runs a load and reports its failure instead of throwing. */
async function attempt(action) {
  try {
    await action();
    notice('');
  } catch (error) {
    notice(error.message);
  }
}

/** The view named by location.hash: #/ list, #/c/ID conversation, #/failures, #/f/ID failure, #/usage. */
function route() {
  const [, list, kind, id] = location.hash.match(/^#\/(?:(failures|usage)|(c|f)\/([^/]+))?\/?$/) ?? [];
  if (kind) return { view: kind === 'c' ? 'conversation' : 'failure', id: decodeURIComponent(id) };
  return { view: list ?? 'conversations', id: null };
}

/** Switches to the routed view and loads it. */
async function navigate() {
  const { view, id } = route();
  const changed = view !== state.view || id !== state.id;
  Object.assign(state, { view, id });
  for (const name of views) $('view-' + name).hidden = name !== view;
  const nav = view === 'conversation' ? 'conversations' : view === 'failure' ? 'failures' : view;
  document.querySelectorAll('.views a').forEach(a => a.toggleAttribute('aria-current', a.dataset.view === nav));
  document.querySelectorAll('.views a[aria-current]').forEach(a => a.setAttribute('aria-current', 'page'));
  if (!changed) return;
  await load(view, id);
  if (view === 'conversation' || view === 'failure') $('main').focus({ preventScroll: true });
}

/** Loads a view's data. */
function load(view, id) {
  return attempt(async () => {
    if (view === 'conversation') state.shownTurn = await showConversation($('view-conversation'), id);
    else if (view === 'failure') await showFailure($('view-failure'), id);
    else if (view === 'failures') { await failures.load(true); state.loadedFailures = true; }
    else if (view === 'usage') await showUsage($('usage-days').value);
    else if (!conversations.rows.children.length) await conversations.search($('search').value.trim());
  });
}

/** Something new was captured: refresh what is on screen (or count it while paused). */
async function captured(mark) {
  const previous = state.mark;
  state.mark = mark;
  if (previous && previous.latest_turn === mark.latest_turn && previous.latest_failure === mark.latest_failure) return;
  if (state.paused) {
    state.pending++;
    $('live-toggle').textContent = `Paused (${state.pending} new)`;
    return;
  }
  await refresh();
}

/** Refreshes the current view in place. */
function refresh() {
  return attempt(async () => {
    if (state.view === 'conversations') await conversations.refreshTop();
    else if (state.view === 'failures') await failures.refreshTop();
    else if (state.view === 'usage') await showUsage($('usage-days').value);
    else if (state.view === 'conversation') state.shownTurn = await showConversation($('view-conversation'), state.id, state.shownTurn);
    if (state.view !== 'conversations' && conversations.rows.children.length) await conversations.refreshTop();
  });
}

/** Opens the event stream; the browser reconnects by itself after a drop. */
function listen() {
  const source = new EventSource('/_viewer/api/events');
  source.addEventListener('capture', event => captured(JSON.parse(event.data)));
  source.addEventListener('error', () => { $('live-toggle').title = 'Reconnecting to the gateway…'; });
  source.addEventListener('open', () => { $('live-toggle').title = 'New captures appear as they arrive; press to pause'; });
}

/** The pause switch: paused, events are counted; resumed, the view catches up once. */
function togglePause() {
  state.paused = !state.paused;
  const button = $('live-toggle');
  button.setAttribute('aria-pressed', String(!state.paused));
  button.textContent = state.paused ? 'Paused' : 'Live';
  if (!state.paused && state.pending) {
    state.pending = 0;
    refresh();
  }
}

/** Search as you type (after a short pause) and at once on Enter. */
function wireSearch() {
  const input = $('search');
  let timer = null;
  let searched = '';
  const run = force => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text === searched && !force) return;
    searched = text;
    if (state.view !== 'conversations') location.hash = '#/';
    attempt(() => conversations.search(text));
  };
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 250); });
  $('search-form').addEventListener('submit', event => { event.preventDefault(); run(true); });
  // Opening something else drops a search still waiting to run, so it cannot pull the page back to the list.
  window.addEventListener('hashchange', () => clearTimeout(timer));
}

/** / searches, j and k move between rows, Esc goes back to the list. */
function wireKeys() {
  document.addEventListener('keydown', event => {
    const typing = event.target.matches('input, select, textarea');
    if (event.key === '/' && !typing) { event.preventDefault(); $('search').focus(); return; }
    if (event.key === 'Escape') {
      if (typing) { event.target.blur(); return; }
      if (state.view === 'conversation') location.hash = '#/';
      else if (state.view === 'failure') location.hash = '#/failures';
      return;
    }
    if (typing || event.ctrlKey || event.metaKey || event.altKey || !['j', 'k'].includes(event.key)) return;
    const section = $('view-' + state.view);
    const links = [...section.querySelectorAll('a.row-link')];
    if (!links.length) return;
    const at = links.indexOf(document.activeElement);
    const next = event.key === 'j' ? Math.min(links.length - 1, at + 1) : Math.max(0, at - 1);
    links[at === -1 ? 0 : next].focus();
    event.preventDefault();
  });
}

/** Auto, light, dark; remembered in this browser. */
function wireTheme() {
  const button = $('theme-toggle');
  const apply = theme => {
    if (theme === 'auto') document.documentElement.removeAttribute('data-theme');
    else document.documentElement.setAttribute('data-theme', theme);
    button.textContent = 'Theme: ' + theme;
  };
  let theme = localStorage.getItem('promptcapture-theme') ?? 'auto';
  apply(theme);
  button.addEventListener('click', () => {
    theme = { auto: 'light', light: 'dark', dark: 'auto' }[theme] ?? 'auto';
    localStorage.setItem('promptcapture-theme', theme);
    apply(theme);
  });
}

/** Starts the page. */
async function start() {
  wireTheme();
  wireSearch();
  wireKeys();
  $('live-toggle').addEventListener('click', togglePause);
  $('usage-days').addEventListener('change', () => attempt(() => showUsage($('usage-days').value)));
  window.addEventListener('hashchange', navigate);
  attempt(async () => { if ((await getJson('/_viewer/api/info')).login_required) $('logout').hidden = false; });
  await navigate();
  if (state.view !== 'conversations') await conversations.search('');
  listen();
}

start();
