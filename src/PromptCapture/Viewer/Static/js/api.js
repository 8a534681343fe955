// Fetching the viewer's JSON. A 401 means the session ended: reloading / shows the login form.

/** GET a JSON answer; throws an Error carrying the gateway's message on failure. */
export async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
  return read(response);
}

/** GET a text answer (the curl command). */
export async function getText(path) {
  const response = await fetch(path, { credentials: 'same-origin', cache: 'no-store' });
  if (response.status === 401) { location.reload(); throw new Error('Log in again.'); }
  if (!response.ok) throw new Error((await response.json().catch(() => null))?.error?.message ?? `HTTP ${response.status}`);
  return response.text();
}

/** Decodes an answer, turning error bodies into Errors. */
async function read(response) {
  if (response.status === 401) { location.reload(); throw new Error('Log in again.'); }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
  return body;
}

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined && value !== '') search.set(key, value);
  const text = search.toString();
  return text ? '?' + text : '';
}
