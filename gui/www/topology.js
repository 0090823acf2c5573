// The topology as SVG: fabric switches on top, DSNs below them, each DSN's workloads under it
// (coloured by tenant), the links the node discovered; a trace's path drawn over it.
const NS = 'http://www.w3.org/2000/svg';
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2'];

function el(name, attrs, parent) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) {
    e.setAttribute(k, v);
  }
  if (parent) {
    parent.appendChild(e);
  }
  return e;
}

function text(parent, x, y, s, cls) {
  const t = el('text', {x, y, class: cls || 'label', 'text-anchor': 'middle'}, parent);
  t.textContent = s;
  return t;
}

function short(id) {
  return id.replace(/^of:0*/, 'of:');
}

/**
 * Draws {switches: [{id, dsn}], links: [{src, dst}], workloads: [{tenant, name, dsn, port}]} into svg.
 * Returns the positions: {nodes: id -> {x, y}, workloads: "tenant/name" -> {x, y}}.
 */
export function draw(svg, model) {
  svg.replaceChildren();
  const width = Math.max(svg.clientWidth || 900, 600);
  const fabric = model.switches.filter(s => !s.dsn);
  const dsns = model.switches.filter(s => s.dsn);
  const pos = {nodes: {}, workloads: {}};
  const row = (list, y) => list.forEach((s, i) => { pos.nodes[s.id] = {x: (i + 1) * width / (list.length + 1), y}; });
  row(fabric, 50);
  row(dsns, fabric.length ? 200 : 80);
  const links = el('g', {class: 'links'}, svg);
  const seen = new Set();
  for (const l of model.links) {
    const key = [l.src, l.dst].sort().join('|');
    if (seen.has(key) || !pos.nodes[l.src] || !pos.nodes[l.dst]) {
      continue;
    }
    seen.add(key);
    el('line', {x1: pos.nodes[l.src].x, y1: pos.nodes[l.src].y, x2: pos.nodes[l.dst].x, y2: pos.nodes[l.dst].y,
      class: 'link', 'data-src': l.src, 'data-dst': l.dst}, links);
  }
  const tenants = [...new Set(model.workloads.map(w => w.tenant))].sort();
  const byDsn = {};
  model.workloads.forEach(w => { (byDsn[w.dsn] = byDsn[w.dsn] || []).push(w); });
  const hosts = el('g', {class: 'workloads'}, svg);
  for (const [dsn, list] of Object.entries(byDsn)) {
    const at = pos.nodes[dsn];
    if (!at) {
      continue;
    }
    list.sort((a, b) => (a.tenant + a.name).localeCompare(b.tenant + b.name));
    const per = 6;
    list.forEach((w, i) => {
      const x = at.x + ((i % per) - (Math.min(list.length, per) - 1) / 2) * 66;
      const y = at.y + 70 + Math.floor(i / per) * 56 + (i % 2) * 14;
      el('line', {x1: at.x, y1: at.y, x2: x, y2: y, class: 'attach'}, hosts);
      const g = el('g', {class: 'workload', 'data-tenant': w.tenant, 'data-name': w.name, 'data-dsn': dsn}, hosts);
      el('circle', {cx: x, cy: y, r: 8, fill: COLOURS[tenants.indexOf(w.tenant) % COLOURS.length]}, g);
      el('title', {}, g).textContent = w.tenant + '/' + w.name + ' on ' + dsn + ' port ' + w.port;
      text(g, x, y + 20, w.name, 'small');
      pos.workloads[w.tenant + '/' + w.name] = {x, y};
    });
  }
  const nodes = el('g', {class: 'switches'}, svg);
  for (const s of model.switches) {
    const p = pos.nodes[s.id];
    const g = el('g', {class: 'switch' + (s.dsn ? ' dsn' : ' fabric') + (s.available === false ? ' down' : ''), 'data-id': s.id}, nodes);
    el('rect', {x: p.x - 14, y: p.y - 14, width: 28, height: 28, rx: 4}, g);
    el('title', {}, g).textContent = s.id + (s.dsn ? ' (DSN)' : ' (fabric)');
    text(g, p.x, p.y - 20, short(s.id));
  }
  const legend = el('g', {class: 'tenants'}, svg);
  tenants.forEach((t, i) => {
    el('circle', {cx: 16, cy: 20 + i * 18, r: 6, fill: COLOURS[i % COLOURS.length]}, legend);
    el('text', {x: 28, y: 24 + i * 18, class: 'small'}, legend).textContent = t;
  });
  const h = Math.max(...Object.values(pos.workloads).map(p => p.y + 40), 260);
  svg.setAttribute('height', h);
  return pos;
}

/** Draws a trace's path over a drawn topology: source workload, the DSNs in order, the destination. */
export function drawPath(svg, pos, points) {
  const xy = points.map(p => (p.workload ? pos.workloads[p.workload] : pos.nodes[p.dsn])).filter(Boolean);
  if (xy.length < 2) {
    return null;
  }
  points.filter(p => p.dsn).forEach(p => {
    const n = svg.querySelector('g.switch[data-id="' + CSS.escape(p.dsn) + '"]');
    if (n) {
      n.classList.add('on-path');
    }
  });
  return el('polyline', {points: xy.map(p => p.x + ',' + p.y).join(' '), class: 'path'}, svg);
}
