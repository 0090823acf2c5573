// The console: log in, pick a tenant, and the views (topology, tenant, document, trace, top denied).
import {call, get, liveStatus, login, logout, token} from './api.js';
import {draw} from './topology.js';
import * as views from './views.js';

const $ = id => document.getElementById(id);
export const state = {who: null, tenants: [], status: {}, tenant: null, topology: null};
let stopLive = null;

function platformReader(who) {
  return who.roles.includes('platform-admin') || who.roles.includes('auditor');
}

/** The topology model: switches, links and workloads the caller may see. */
async function topologyModel() {
  const docs = await Promise.all(state.tenants.map(t => get('tenants/' + encodeURIComponent(t)).catch(() => null)));
  const workloads = [];
  docs.filter(Boolean).forEach(d => (d.endpoints || []).forEach(e => {
    if (e.attachment) {
      workloads.push({tenant: d.tenant.id, name: e.name, dsn: e.attachment.dsn, port: e.attachment.port});
    }
  }));
  const dsnIds = new Set(workloads.map(w => w.dsn));
  let switches = [];
  let links = [];
  if (platformReader(state.who)) {
    const [devices, linkList, dsns] = await Promise.all([get('/onos/v1/devices'), get('/onos/v1/links'), get('dsns')]);
    dsns.dsns.forEach(d => dsnIds.add(d.dsn));
    switches = devices.devices.map(d => ({id: d.id, available: d.available, dsn: dsnIds.has(d.id)}));
    links = linkList.links.map(l => ({src: l.src.device, dst: l.dst.device}));
  } else {
    switches = [...dsnIds].sort().map(id => ({id, dsn: true}));
  }
  switches.sort((a, b) => a.id.localeCompare(b.id));
  return {switches, links, workloads};
}

export async function showTopology() {
  state.topology = await topologyModel();
  draw($('topology-svg'), state.topology);
  const dsns = state.topology.switches.filter(s => s.dsn).length;
  $('topology-summary').textContent = state.topology.switches.length + ' switches (' + dsns + ' DSNs, '
    + (state.topology.switches.length - dsns) + ' fabric), ' + new Set(state.topology.links.map(l => [l.src, l.dst].sort().join('|'))).size
    + ' links, ' + state.topology.workloads.length + ' workloads of ' + state.tenants.length + ' tenant(s)';
}

function onStatus(body) {
  state.status = {};
  body.tenants.forEach(t => { state.status[t.tenant] = t; });
  const known = new Set(state.tenants);
  const now = body.tenants.map(t => t.tenant);
  if (now.length !== known.size || now.some(t => !known.has(t))) {
    const before = state.tenant;
    state.tenants = now;
    fillTenants();
    if (state.tenant !== before) {
      views.tenantChanged();
    }
  }
  views.showStatus();
}

function fillTenants() {
  const sel = $('tenant');
  const keep = sel.value;
  sel.replaceChildren(...state.tenants.map(t => new Option(t, t)));
  if (state.tenants.includes(keep)) {
    sel.value = keep;
  }
  state.tenant = sel.value || null;
  $('tenant-pick').hidden = state.tenants.length === 0;
}

function selectTab(name) {
  document.querySelectorAll('nav button').forEach(b => b.classList.toggle('on', b.dataset.tab === name));
  document.querySelectorAll('.tab').forEach(s => s.classList.toggle('on', s.id === (name === 'tenant' ? 'tenant-view' : name)));
  views.opened(name);
}

async function start() {
  const who = await call('GET', 'whoami');
  if (who.status !== 200) {
    $('login-view').hidden = false;
    $('main').hidden = true;
    return;
  }
  state.who = who.body;
  $('who').textContent = state.who.name + ' (' + [...state.who.roles, ...state.who.tenantAdmin.map(t => 'admin of ' + t),
    ...state.who.tenantViewer.map(t => 'viewer of ' + t)].join(', ') + ')';
  $('login-view').hidden = true;
  $('main').hidden = false;
  $('logout').hidden = false;
  state.tenants = (await get('tenants')).tenants.map(t => t.tenant);
  fillTenants();
  await showTopology();
  views.tenantChanged();
  stopLive = liveStatus(onStatus, (live, loggedOut, how) => {
    if (loggedOut) {
      location.reload(); // back to the login form
      return;
    }
    $('live').classList.toggle('off', !live);
    $('live').textContent = live ? (how || 'live') : 'reconnecting';
  });
}

$('login').addEventListener('submit', async e => {
  e.preventDefault();
  $('login-error').textContent = '';
  try {
    await login($('user').value, $('password').value);
    $('password').value = '';
    await start();
  } catch (err) {
    $('login-error').textContent = err.message;
  }
});
$('logout').addEventListener('click', async () => {
  if (stopLive) {
    stopLive();
  }
  await logout();
  location.reload();
});
$('tenant').addEventListener('change', () => {
  state.tenant = $('tenant').value;
  views.tenantChanged();
});
document.querySelectorAll('nav button').forEach(b => b.addEventListener('click', () => selectTab(b.dataset.tab)));
if (token()) {
  start();
}
