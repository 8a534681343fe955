// One conversation: every turn in order with the messages it added, the answer, and its details; copy-as-curl for
// the last request. Also one failure, shown the same way with its error in front.
import { el, clear, num, duration, time, model, door, pretty } from './dom.js';
import { getJson, getText } from './api.js';
import { message } from './messages.js';
import { markdown } from './markdown.js';

/**
 * Shows conversation <id> in <view> and returns its latest turn id; when that is <shown> already (a live update for
 * another conversation) the view is left as it is, open details and all.
 */
export async function showConversation(view, id, shown) {
  const data = await getJson('/_viewer/api/conversations/' + encodeURIComponent(id));
  const last = data.turns.at(-1);
  if (shown && last?.id === shown) return shown;
  const curl = curlSection(last);
  clear(view).append(
    el('a', { class: 'back', href: '#/' }, '← Conversations'),
    el('div', { class: 'thread-head' },
      el('h1', { id: 'conversation-title' }, data.name || 'Conversation'),
      el('span', { class: 'meta' }, `${data.turns.length} turn${data.turns.length === 1 ? '' : 's'} · ${data.thread_id}`),
      data.forked_from ? el('a', { href: '#/c/' + encodeURIComponent(data.forked_from) }, 'forked from ' + data.forked_from) : null),
    el('ol', { class: 'turns' }, data.turns.map((turn, index) => turnView(turn, index))),
    curl);
  view.setAttribute('aria-labelledby', 'conversation-title');
  return last?.id ?? null;
}

/** One turn: a header of facts, the new input messages, the answer, and the rest folded away. */
function turnView(turn, index) {
  const request = turn.request;
  return el('li', { class: 'turn', id: 'turn-' + turn.id },
    el('header', null,
      el('strong', null, 'Turn ' + (index + 1)),
      el('span', null, model(turn.model, turn.resolved_model)),
      door(request?.front_door ?? 'llm'),
      request?.user_agent ? el('span', { title: request.user_agent }, request.user_agent.split(' ')[0]) : null,
      time(turn.datetime_utc),
      el('span', null, duration(turn.duration_ms)),
      el('span', null, `${num(turn.input_tokens)} in / ${num(turn.output_tokens)} out`)),
    turn.input.map(message),
    turn.output.map(message),
    extras(turn));
}

/** Options, token details, tools, schema and how the request came, folded. */
function extras(turn) {
  const request = turn.request;
  const facts = [
    ['Turn', turn.id],
    request && ['Provider', `${request.provider ?? '?'} (${request.upstream_model ?? '?'})`],
    request && ['Stream', request.stream ? 'yes' : 'no'],
    request && ['Status', request.http_status],
    request && ['Request id', request.request_id],
    request?.session_id && ['Session', request.session_id],
    request?.remote_address && ['From', request.remote_address],
    request?.user_agent && ['User-Agent', request.user_agent],
  ].filter(Boolean);
  return el('div', { class: 'extras' },
    el('details', null, el('summary', null, 'Details'),
      el('dl', { class: 'facts' }, facts.map(([k, v]) => [el('dt', null, k), el('dd', null, String(v ?? '–'))]))),
    turn.options ? el('details', null, el('summary', null, 'Options'), el('pre', null, pretty(turn.options))) : null,
    turn.token_details ? el('details', null, el('summary', null, 'Token details'), el('pre', null, pretty(turn.token_details))) : null,
    turn.tools?.length ? el('details', null, el('summary', null, `Tools (${turn.tools.length})`),
      turn.tools.map(t => [el('p', null, el('code', null, t.name ?? '?'), ' ', t.description ?? ''), t.input_schema ? el('pre', null, pretty(t.input_schema)) : null])) : null,
    turn.schema ? el('details', null, el('summary', null, 'Response schema'), el('pre', null, pretty(turn.schema))) : null);
}

/** The copy-as-curl button of the last turn; the command is fetched when asked for (it can hold images). */
function curlSection(last) {
  if (!last) return null;
  const output = el('pre', { id: 'curl-text', hidden: true, tabindex: '0' });
  const status = el('span', { class: 'meta', role: 'status' });
  const button = el('button', { type: 'button', id: 'curl-button' }, 'Copy last request as curl');
  button.addEventListener('click', async () => {
    try {
      const text = await getText('/_viewer/api/turns/' + encodeURIComponent(last.id) + '/curl');
      output.textContent = text;
      output.hidden = false;
      try {
        await navigator.clipboard.writeText(text);
        status.textContent = ' Copied.';
      } catch {
        getSelection().selectAllChildren(output);
        status.textContent = ' Selected: press Ctrl+C to copy.';
      }
    } catch (error) {
      status.textContent = ' ' + error.message;
    }
  });
  return el('section', { class: 'curl' }, button, status, output);
}

/** Shows failure <id>: error first, then what arrived before it, then what was sent. */
export async function showFailure(view, id) {
  const f = await getJson('/_viewer/api/failures/' + encodeURIComponent(id));
  const facts = [
    ['Outcome', f.outcome], ['Status', f.http_status], ['Error type', f.error_type], ['Model', f.model],
    ['Provider', `${f.provider ?? '?'} (${f.upstream_model ?? '?'})`], ['Door', f.front_door], ['Stream', f.stream ? 'yes' : 'no'],
    ['Duration', duration(f.duration_ms)], ['Tokens', `${num(f.input_tokens)} in / ${num(f.output_tokens)} out`],
    ['Request id', f.request_id], ['User-Agent', f.user_agent], ['Id', f.id],
  ];
  const messages = Array.isArray(f.request_messages) ? f.request_messages : [];
  clear(view).append(
    el('a', { class: 'back', href: '#/failures' }, '← Failures'),
    el('div', { class: 'failure-detail' },
      el('h1', { id: 'failure-title' }, 'Failure: ', f.error_type ?? f.outcome ?? 'error'),
      el('p', { class: 'error' }, f.error_message ?? ''),
      time(f.datetime_utc),
      el('dl', { class: 'facts' }, facts.map(([k, v]) => [el('dt', null, k), el('dd', null, String(v ?? '–'))])),
      f.partial_reasoning ? el('details', null, el('summary', null, 'Partial reasoning'), el('div', { class: 'plain' }, f.partial_reasoning)) : null,
      f.partial_response ? [el('h2', null, 'Partial answer'), markdown(f.partial_response)] : null,
      f.partial_tool_calls ? [el('h2', null, 'Partial tool calls'), el('pre', null, pretty(f.partial_tool_calls))] : null,
      f.options ? el('details', null, el('summary', null, 'Options'), el('pre', null, pretty(f.options))) : null,
      el('h2', null, 'Request'),
      el('div', { class: 'turn' }, messages.map(message))));
  view.setAttribute('aria-labelledby', 'failure-title');
}
