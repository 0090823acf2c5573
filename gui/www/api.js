// The node's REST API, with the logged-in user's token (kept for this browser tab only).
export const BASE = '/onos/dsp/v1';
const KEY = 'dsp-token';

/** The stored credential, or null: a token, or (where the controller has no token endpoint: ONOS) Basic. */
export function token() {
  return sessionStorage.getItem(KEY);
}

function authorization() {
  const t = token();
  return t && t.startsWith('Basic ') ? t : 'Bearer ' + t;
}

/** Whether the page asked for a mode ONOS needs (?auth=basic, ?live=poll): how the node's tests reach those paths. */
function asked(name, value) {
  return new URLSearchParams(location.search).get(name) === value;
}

function basic(user, password) {
  const bytes = new TextEncoder().encode(user + ':' + password);
  let s = '';
  bytes.forEach(b => { s += String.fromCharCode(b); });
  return 'Basic ' + btoa(s);
}

/** Logs in with a password (Basic), keeping the token the node gives. */
export async function login(user, password) {
  const r = asked('auth', 'basic') ? {status: 404} : await fetch(BASE + '/auth/login', {
    method: 'POST', headers: {'Authorization': basic(user, password), 'Content-Type': 'application/json'}, body: '{}'});
  if (r.status === 404 || r.status === 405) {
    // no token endpoint (ONOS: its web container takes Basic on every call): keep the Basic credential for this tab
    const who = await fetch(BASE + '/whoami', {headers: {'Authorization': basic(user, password)}});
    if (!who.ok) {
      throw new Error('login refused: HTTP ' + who.status);
    }
    sessionStorage.setItem(KEY, basic(user, password));
    sessionStorage.removeItem(KEY + '-id');
    return {user};
  }
  const body = await r.json().catch(() => ({}));
  if (!r.ok) {
    throw new Error(body.error || ('login refused: HTTP ' + r.status));
  }
  sessionStorage.setItem(KEY, body.token);
  sessionStorage.setItem(KEY + '-id', body.id);
  return body;
}

/** Forgets the token (and revokes it on the node). */
export async function logout() {
  const id = sessionStorage.getItem(KEY + '-id');
  if (id && token()) {
    await call('DELETE', 'auth/tokens/' + encodeURIComponent(id)).catch(() => {});
  }
  sessionStorage.removeItem(KEY);
  sessionStorage.removeItem(KEY + '-id');
}

/** Calls the API: resolves to {status, body} (body: parsed JSON, or text); a 401 drops the token. */
export async function call(method, path, body) {
  const headers = {'Authorization': authorization()};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const r = await fetch(path.startsWith('/') ? path : BASE + '/' + path, {method, headers, body});
  const text = await r.text();
  let parsed = text;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    // not JSON: kept as text
  }
  if (r.status === 401) {
    sessionStorage.removeItem(KEY);
  }
  return {status: r.status, body: parsed};
}

/** The node's error text of an answer (its "error"), else the HTTP status and what follows. */
export function errorText(r, after = '') {
  return (r.body && r.body.error) || ('HTTP ' + r.status + after);
}

/** GETs a path and returns its JSON body, or throws with the node's error. */
export async function get(path) {
  const r = await call('GET', path);
  if (r.status !== 200) {
    throw new Error(errorText(r, ' for ' + path));
  }
  return r.body;
}

/**
 * Reads the live status stream (server-sent events over fetch, so the token goes in a header) and
 * calls onStatus with each status body; reconnects after a close or an error (after Retry-After when the
 * node has no stream to spare). Calls onLive(live, loggedOut): loggedOut when the token is no longer good.
 */
export function liveStatus(onStatus, onLive) {
  let stopped = false;
  async function poll() { // where the controller has no event stream (ONOS): GET tenants every 2 s
    let last = null;
    while (!stopped && token()) {
      const r = await call('GET', 'tenants').catch(() => ({status: 0}));
      if (r.status === 401) {
        onLive(false, true);
        return;
      }
      onLive(r.status === 200, false, 'polling');
      const text = JSON.stringify(r.body);
      if (r.status === 200 && text !== last) {
        last = text;
        onStatus(r.body);
      }
      await new Promise(res => setTimeout(res, 2000));
    }
  }
  async function run() {
    if (asked('live', 'poll')) {
      return poll();
    }
    while (!stopped && token()) {
      try {
        const r = await fetch(BASE + '/events', {headers: {'Authorization': authorization()}});
        if (r.status === 404) {
          return poll();
        }
        if (r.status === 401) { // the token was revoked or expired: log in again
          sessionStorage.removeItem(KEY);
          onLive(false, true);
          return;
        }
        if (!r.ok) {
          const wait = Number(r.headers.get('Retry-After')) || 2;
          onLive(false);
          await new Promise(res => setTimeout(res, wait * 1000));
          continue;
        }
        onLive(true);
        const reader = r.body.getReader();
        const decoder = new TextDecoder();
        let buffer = '';
        for (;;) {
          const {value, done} = await reader.read();
          if (done) {
            break;
          }
          buffer += decoder.decode(value, {stream: true});
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const event = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = event.split('\n').filter(l => l.startsWith('data: ')).map(l => l.slice(6)).join('\n');
            if (event.includes('event: status') && data) {
              onStatus(JSON.parse(data));
            }
          }
        }
      } catch (e) {
        // reconnect below
      }
      onLive(false);
      await new Promise(res => setTimeout(res, 2000));
    }
  }
  run();
  return () => { stopped = true; };
}
