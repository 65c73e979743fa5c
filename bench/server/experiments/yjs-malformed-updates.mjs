// How Yjs takes malformed updates, the measurement behind sync-server/update-guard.ts: 20,000
// valid updates to a small board, each with 1-3 random bytes changed, applied to the board.
// Counts whether the apply threw, whether an `update` event fired anyway, whether structs were
// left pending, and whether the board still round-trips afterwards.
//   node bench/server/experiments/yjs-malformed-updates.mjs
import * as Y from 'yjs';
let seed = 777; const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
const shape = d => { d.getMap('shapes'); d.getText('t'); return d; };
function baseDoc() {
  const d = shape(new Y.Doc()); const m = d.getMap('shapes');
  for (let i = 0; i < 5; i++) { const s = new Y.Map(); m.set('s' + i, s); const p = new Y.Array(); s.set('points', p); p.push([1, 2, 3]); s.set('color', '#000000'); }
  d.getText('t').insert(0, 'hello');
  return d;
}
function validUpdate(server) {
  const c = shape(new Y.Doc()); Y.applyUpdate(c, Y.encodeStateAsUpdate(server));
  let u; c.on('update', x => u = x);
  const r = rand();
  if (r < 0.3) c.getMap('shapes').get('s1').get('points').push([4, 5, 6]);
  else if (r < 0.6) c.getText('t').insert(2, 'xyz');
  else if (r < 0.8) c.getMap('shapes').delete('s2');
  else { const s = new Y.Map(); c.getMap('shapes').set('n' + Math.floor(rand()*1e6), s); s.set('a', 1); }
  return u;
}
function mutate(u) {
  const b = new Uint8Array(u); const n = 1 + Math.floor(rand() * 3);
  for (let i = 0; i < n; i++) { const k = Math.floor(rand() * b.length); b[k] = rand() < 0.5 ? Math.floor(rand() * 256) : b[k] ^ (1 << Math.floor(rand() * 8)); }
  return b;
}
function healthy(server) {
  try {
    const state = Y.encodeStateAsUpdate(server);
    const fresh = shape(new Y.Doc()); Y.applyUpdate(fresh, state);
    if (JSON.stringify(fresh.toJSON()) !== JSON.stringify(server.toJSON())) return 'diverges';
    const peer = shape(new Y.Doc()); Y.applyUpdate(peer, state); let u; peer.on('update', x => u = x); peer.getText('t').insert(0, 'ok');
    Y.applyUpdate(server, u); Y.applyUpdate(fresh, u);
    if (JSON.stringify(fresh.toJSON()) !== JSON.stringify(server.toJSON())) return 'diverges-after';
    return 'ok';
  } catch (e) { return 'throws: ' + String(e).slice(0, 60); }
}
const stats = {}; const inc = k => stats[k] = (stats[k] || 0) + 1;
for (let i = 0; i < 20000; i++) {
  const server = baseDoc(); const good = validUpdate(server); const bad = mutate(good);
  const before = JSON.stringify(server.toJSON());
  let threw = false, emitted = false;
  server.on('update', () => emitted = true);
  try { Y.applyUpdate(server, bad) } catch { threw = true }
  const pending = !!server.store.pendingStructs || !!server.store.pendingDs;
  const em = emitted; const h = healthy(server); emitted = em;
  inc(`${threw ? 'threw' : 'ok   '} emitted=${emitted ? 1 : 0} pending=${pending ? 1 : 0} health=${h.slice(0, 50)}`);
}
console.log(Object.entries(stats).sort().map(([k, v]) => `${String(v).padStart(5)} ${k}`).join('\n'));
