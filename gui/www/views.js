// The tenant view, the document editor, the trace and the top-denied report.
import {call, errorText, get} from './api.js';
import {draw, drawPath} from './topology.js';
import {state, showTopology} from './app.js';

const $ = id => document.getElementById(id);

function cell(v) {
  const td = document.createElement('td');
  td.textContent = v === undefined || v === null ? '' : String(v);
  return td;
}

function rows(tableId, list) {
  const body = $(tableId).querySelector('tbody');
  body.replaceChildren(...list.map(values => {
    const tr = document.createElement('tr');
    values.forEach(v => tr.appendChild(v instanceof Node ? v : cell(v)));
    return tr;
  }));
}

function peers(list) {
  return (list || []).map(p => p.group ? 'group ' + p.group : p.endpoint ? p.endpoint : p.cidr || JSON.stringify(p)).join(', ');
}

function services(list) {
  return (list || []).map(s => s.protocol + (s.ports ? '/' + s.ports.join(',') : '')).join(' ');
}

function ip4(a) {
  const p = a.split('.').map(Number);
  return p.length === 4 && p.every(n => n >= 0 && n < 256) ? ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0 : null;
}

/** An IPv6 address as a BigInt, or null. */
function ip6(a) {
  if (!a.includes(':')) {
    return null;
  }
  const [head, tail] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return groups.length === 8 ? groups.reduce((v, g) => (v << 16n) | BigInt(parseInt(g || '0', 16)), 0n) : null;
}

function inCidr(address, cidr) {
  const [net, len] = cidr.split('/');
  const a6 = ip6(address);
  const n6 = ip6(net);
  if (a6 !== null && n6 !== null) {
    const shift = 128n - BigInt(len);
    return (a6 >> shift) === (n6 >> shift);
  }
  const a = ip4(address);
  const n = ip4(net);
  if (a === null || n === null) {
    return false;
  }
  const mask = Number(len) === 0 ? 0 : (~0 << (32 - Number(len))) >>> 0;
  return ((a & mask) >>> 0) === ((n & mask) >>> 0);
}

/** The live realization state of the selected tenant, per DSN. */
export function showStatus() {
  const s = state.status[state.tenant];
  if (!s) {
    return;
  }
  $('status-line').textContent = 'tenant ' + s.tenant + ', version ' + s.version + ': ' + s.state + (s.reason ? ' (' + s.reason + ')' : '');
  $('status-line').dataset.state = s.state;
  rows('status-table', Object.entries(s.dsns || {}).sort().map(([d, v]) => {
    const st = cell(v.state);
    st.className = 'state ' + v.state;
    return [d, st, v.flowOps, v.millis, v.tenantFlows, v.reason];
  }));
  const applied = $('apply-state');
  if (applied.dataset.version && applied.dataset.tenant === s.tenant && String(s.version) === applied.dataset.version) {
    applied.textContent = 'version ' + s.version + ': ' + s.state;
    applied.dataset.state = s.state;
  }
}

async function showTenant() {
  const id = state.tenant;
  if (!id) {
    return;
  }
  const [doc, counters, svc] = await Promise.all([get('tenants/' + encodeURIComponent(id)),
    get('tenants/' + encodeURIComponent(id) + '/counters').catch(() => ({counters: []})),
    get('tenants/' + encodeURIComponent(id) + '/services').catch(() => ({services: {}}))]);
  rows('endpoints', (doc.endpoints || []).map(e => [e.name, e.kind, e.mac, (e.addresses || []).join(' '),
    e.attachment ? e.attachment.dsn + ' / ' + e.attachment.port : '', Object.entries(e.labels || {}).map(([k, v]) => k + '=' + v).join(' ')]));
  rows('groups', (doc.groups || []).map(g => [g.name, g.selector ? 'labels ' + JSON.stringify(g.selector.matchLabels || {})
    : g.cidrs ? g.cidrs.map(c => c.cidr).join(' ') : JSON.stringify(g)]));
  const hits = {};
  counters.counters.forEach(c => {
    const name = c.owner.split('/').slice(1).join('/');
    if (name.startsWith('rule/')) { // a rule's hits: its deciding table's counts, summed over the DSNs
      const k = name.slice(5);
      hits[k] = hits[k] || {};
      hits[k][c.dsn] = Math.max(hits[k][c.dsn] || 0, c.packets);
    }
  });
  const ruleRows = [];
  for (const [tier, rules] of Object.entries(doc.firewall || {})) {
    (Array.isArray(rules) ? rules : []).forEach(r => {
      const h = hits[r.name] ? Object.values(hits[r.name]).reduce((a, b) => a + b, 0) : 0;
      const hc = cell(h);
      hc.className = 'hits';
      hc.dataset.rule = r.name;
      ruleRows.push([tier, r.name, r.direction, r.appliedTo, peers(r.peers), services(r.services), r.action + (r.log ? ' (log)' : ''), hc]);
    });
  }
  rows('rules', ruleRows);
  const lb = (svc.services || {}).lb || {};
  const backendRows = [];
  Object.entries(lb).forEach(([name, backends]) => Object.entries(backends).forEach(([b, h]) => {
    const st = cell(h.state);
    st.className = 'state ' + h.state;
    backendRows.push([name, b, st, h.since, h.checks]);
  }));
  (doc.loadBalancers || []).forEach(l => {
    if (!lb[l.name]) {
      backendRows.push([l.name, 'backends: ' + JSON.stringify(l.backends), 'not probed', '', '']);
    }
  });
  rows('backends', backendRows);
  const chain = (svc.services || {}).chain || {};
  rows('functions', (chain.instances || []).map(i => {
    const st = cell(i.up ? 'up' : 'down' + (i.lastError ? ' (' + i.lastError + ')' : ''));
    st.className = 'state ' + (i.up ? 'up' : 'down');
    const level = cell(i.loadLevel);
    level.className = 'load';
    level.dataset.instance = i.instance;
    return [i.instance, i.dsn + ' / ' + i.port, st, i.since, i.checks, level, i.bytesPerSecond];
  }));
  rows('networks', (doc.networks || []).map(n => {
    const cidrs = (n.subnets || []).map(s => s.cidr);
    const members = (doc.endpoints || []).filter(e => (e.addresses || []).some(a => cidrs.some(c => inCidr(a, c)))).map(e => e.name);
    return [n.name, cidrs.join(' '), members.join(' ')];
  }));
  showStatus();
}

async function loadDocument() {
  if (!state.tenant) {
    return;
  }
  const doc = await get('tenants/' + encodeURIComponent(state.tenant));
  $('doc').value = JSON.stringify(doc, null, 2);
  $('problems').replaceChildren();
  $('delta').replaceChildren();
}

/** Parses the editor's text: the document, or null after listing the syntax error. */
function parsed() {
  $('problems').replaceChildren();
  $('delta').replaceChildren();
  try {
    return JSON.parse($('doc').value);
  } catch (e) {
    problems([{path: '(document)', code: 'SYNTAX', reason: e.message}]);
    return null;
  }
}

function problems(list) {
  const ul = document.createElement('ul');
  ul.className = 'problems';
  list.forEach(p => {
    const li = document.createElement('li');
    li.dataset.path = p.path;
    const code = document.createElement('code');
    code.textContent = p.path;
    li.append(code, ' ' + p.code + ': ' + p.reason);
    ul.appendChild(li);
  });
  $('problems').replaceChildren(ul);
}

/** Lists what the node said when it refused a document: its problems at their paths, or its one error. */
function refused(r) {
  problems(r.body && r.body.errors ? r.body.errors : [{path: '(request)', code: 'HTTP_' + r.status, reason: (r.body && r.body.error) || String(r.body)}]);
}

function delta(body) {
  const table = document.createElement('table');
  table.id = 'delta-table';
  table.innerHTML = '<thead><tr><th>DSN</th><th>adds</th><th>modifies</th><th>removes</th><th>tenant flows after</th></tr></thead>';
  const tbody = document.createElement('tbody');
  Object.entries(body.dsns || {}).sort().forEach(([d, v]) => {
    const tr = document.createElement('tr');
    [d, v.adds.length, v.modifies.length, v.removes.length, v.tenantFlows].forEach(x => tr.appendChild(cell(x)));
    tbody.appendChild(tr);
  });
  table.appendChild(tbody);
  const p = document.createElement('p');
  p.className = 'ok';
  p.textContent = 'valid: the dry run changes these flows (nothing applied)';
  const pre = document.createElement('pre');
  pre.textContent = Object.entries(body.dsns || {}).map(([d, v]) => [...v.adds.slice(0, 5).map(f => d + ' + ' + f),
    ...v.removes.slice(0, 5).map(f => d + ' - ' + f)].join('\n')).join('\n');
  $('delta').replaceChildren(p, table, pre);
}

async function validate() {
  const doc = parsed();
  if (!doc) {
    return false;
  }
  const id = doc.tenant && doc.tenant.id ? doc.tenant.id : state.tenant;
  const r = await call('POST', 'tenants/' + encodeURIComponent(id) + '/dry-run', JSON.stringify(doc));
  if (r.status === 200) {
    delta(r.body);
    return true;
  }
  refused(r);
  return false;
}

async function apply() {
  const doc = parsed();
  if (!doc) {
    return;
  }
  const id = doc.tenant && doc.tenant.id ? doc.tenant.id : state.tenant;
  const r = await call('PUT', 'tenants/' + encodeURIComponent(id), JSON.stringify(doc));
  const out = $('apply-state');
  if (r.status === 200) {
    doc.version = r.body.version; // the next apply builds on this version (a stale one is refused: 409)
    $('doc').value = JSON.stringify(doc, null, 2);
    out.dataset.tenant = id;
    out.dataset.version = String(r.body.version);
    out.textContent = 'version ' + r.body.version + ': ' + r.body.state;
    out.dataset.state = r.body.state;
    showStatus();
  } else {
    delete out.dataset.version;
    out.textContent = 'refused (HTTP ' + r.status + ')';
    out.dataset.state = 'REFUSED';
    refused(r);
  }
}

async function fillTrace() {
  if (!state.tenant) {
    return;
  }
  const doc = await get('tenants/' + encodeURIComponent(state.tenant));
  const names = (doc.endpoints || []).map(e => e.name);
  $('trace-from').replaceChildren(...names.map(n => new Option(n, n)));
  $('trace-endpoints').replaceChildren(...names.map(n => new Option(n, n)));
}

async function runTrace() {
  const q = new URLSearchParams({from: $('trace-from').value, to: $('trace-to').value, service: $('trace-service').value,
    state: $('trace-state').value});
  const r = await call('GET', 'tenants/' + encodeURIComponent(state.tenant) + '/trace?' + q.toString());
  if (r.status !== 200) {
    $('trace-result').textContent = errorText(r);
    $('trace-result').dataset.result = 'error';
    $('trace-text').textContent = '';
    return;
  }
  const t = r.body;
  $('trace-result').textContent = t.result + ' - decided by: ' + (t.decidedBy.length ? t.decidedBy.join('; ') : 'conntrack / pipeline');
  $('trace-result').dataset.result = t.result.startsWith('dropped') ? 'dropped' : 'delivered';
  $('trace-text').textContent = t.text;
  if (!state.topology) {
    await showTopology();
  }
  const pos = draw($('trace-svg'), state.topology);
  const from = $('trace-state').value === 'reply' ? $('trace-to').value : $('trace-from').value;
  const to = $('trace-state').value === 'reply' ? $('trace-from').value : $('trace-to').value;
  const points = [{workload: state.tenant + '/' + from}];
  t.hops.forEach(h => points.push({dsn: h.dsn}));
  if (t.result.startsWith('delivered')) {
    points.push({workload: state.tenant + '/' + to});
  }
  drawPath($('trace-svg'), pos, points);
}

async function showOffenders() {
  if (!state.tenant) {
    return;
  }
  const r = await call('GET', 'tenants/' + encodeURIComponent(state.tenant) + '/offenders?window=' + $('offenders-window').value);
  if (r.status !== 200) {
    $('offenders-summary').textContent = errorText(r);
    return;
  }
  const o = r.body;
  $('offenders-summary').textContent = o.deniedConnections + ' denied connections in the last ' + o.windowSeconds + ' s; '
    + o.portScans.length + ' port scan(s); ' + o.connectionRate.spikes.length + ' connection-rate spike(s)';
  rows('denied-sources', o.topDeniedSources.map(s => [s.source, s.deniedConnections, s.packets, s.destinations, s.ports]));
  rows('denied-destinations', o.topDeniedDestinations.map(s => [s.destination, s.deniedConnections, s.packets, s.sources, s.ports]));
  rows('scans', o.portScans.map(s => [s.source, s.deniedTargets, s.ports, s.peers]));
}

let current = 'topology';

/** A tab was opened: refresh what it shows. */
export function opened(name) {
  current = name;
  const run = {topology: showTopology, tenant: showTenant, editor: async () => { if (!$('doc').value) { await loadDocument(); } },
    trace: fillTrace, offenders: showOffenders}[name];
  if (run) {
    run().catch(e => console.error(e));
  }
}

/** Another tenant was picked. */
export function tenantChanged() {
  $('doc').value = '';
  opened(current);
  showStatus();
}

$('load-doc').addEventListener('click', () => loadDocument());
$('validate').addEventListener('click', () => validate());
$('apply').addEventListener('click', () => apply());
$('trace-form').addEventListener('submit', e => {
  e.preventDefault();
  runTrace();
});
$('offenders-refresh').addEventListener('click', () => showOffenders());
