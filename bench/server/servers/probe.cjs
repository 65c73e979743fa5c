/**
 * Preloaded (`node --expose-gc --require probe.cjs …`) into every server the bench starts, ours
 * and the peers alike, so all three are measured the same way from inside their own process:
 * the driver asks over the IPC channel for CPU time and memory (after a full GC), and can start
 * and stop the V8 CPU profiler around one scenario (the same profiler `node --cpu-prof` uses).
 * The channel does not keep the server alive, and the server exits when the driver goes away.
 */
'use strict';
const inspector = require('node:inspector');
const fs = require('node:fs');

if (process.send) {
  let session = null;
  const post = (method, params) =>
    new Promise((resolve, reject) => session.post(method, params || {}, (error, result) => (error ? reject(error) : resolve(result))));
  const fullGc = () => {
    if (typeof global.gc === 'function') {
      global.gc();
      global.gc();
    }
  };
  // CPU time per thread (Linux): main thread vs workers vs libuv pool vs V8 helpers.
  const ticksPerSecond = 100;
  const threads = () => {
    const out = {};
    try {
      for (const tid of fs.readdirSync('/proc/self/task')) {
        const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        const name = stat.slice(stat.indexOf('(') + 1, close);
        const fields = stat.slice(close + 2).split(' ');
        const ms = ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
        const key = tid === String(process.pid) ? 'main' : name;
        out[key] = (out[key] || 0) + ms;
      }
    } catch {}
    return out;
  };
  const handlers = {
    async stats(request) {
      if (request.gc) fullGc();
      const cpu = process.cpuUsage();
      const mem = process.memoryUsage();
      return { cpuMicros: cpu.user + cpu.system, threads: threads(), rss: mem.rss, heapUsed: mem.heapUsed, external: mem.external, arrayBuffers: mem.arrayBuffers };
    },
    async profileStart() {
      session = new inspector.Session();
      session.connect();
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 200 });
      await post('Profiler.start');
      return {};
    },
    async profileStop(request) {
      const { profile } = await post('Profiler.stop');
      session.disconnect();
      session = null;
      fs.writeFileSync(request.file, JSON.stringify(profile));
      return { file: request.file };
    },
  };
  process.on('message', (request) => {
    const handler = request && handlers[request.type];
    if (!handler) return;
    handler(request).then(
      (result) => process.send({ id: request.id, ok: true, result }),
      (error) => process.send({ id: request.id, ok: false, error: String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  if (process.channel) process.channel.unref();
}
