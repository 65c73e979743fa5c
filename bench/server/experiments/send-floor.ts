/**
 * How cheap can one delivered message be? A bare `ws` server with N connections broadcasts a
 * 40-byte binary message at 60 Hz, three ways: `ws.send(Uint8Array)` per peer (what every Yjs
 * relay does), `ws.send(Buffer)` per peer, and one pre-built unmasked frame written straight to
 * each peer's net.Socket. Prints the server's CPU per delivered message for each, the floor that
 * a relay's fan-out cost is bounded by. Run: tsx bench/server/experiments/send-floor.ts [N=200]
 * (the server half runs in a child process pinned to core 0, the clients here on core 1).
 */
import { fork, spawnSync } from 'node:child_process';
import type { Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebSocket, WebSocketServer } from 'ws';

const N = Number(process.argv[2] ?? 200);
const MODES = ['ws.send(Uint8Array)', 'ws.send(Buffer)', 'raw frame write'] as const;

function frameOf(payload: Buffer): Buffer {
  // Server-to-client frames are not masked: FIN + binary opcode, then a 7-bit length.
  if (payload.length > 125) throw new Error('small payloads only');
  return Buffer.concat([Buffer.from([0x82, payload.length]), payload]);
}

if (process.env.SEND_FLOOR_SERVER) {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  const peers: WebSocket[] = [];
  wss.on('connection', (ws) => peers.push(ws));
  wss.on('listening', () => process.send!({ port: (wss.address() as { port: number }).port }));
  process.on('message', (request: { mode: number; ms: number }) => {
    const payload = Buffer.alloc(40, 7);
    const bytes = new Uint8Array(payload);
    const frame = frameOf(payload);
    const start = process.cpuUsage();
    let sent = 0;
    const timer = setInterval(() => {
      for (const ws of peers) {
        if (request.mode === 0) ws.send(bytes);
        else if (request.mode === 1) ws.send(payload);
        else (ws as unknown as { _socket: Socket })._socket.write(frame);
        sent++;
      }
    }, 1000 / 60);
    setTimeout(() => {
      clearInterval(timer);
      const cpu = process.cpuUsage(start);
      process.send!({ micros: cpu.user + cpu.system, sent });
    }, request.ms);
  });
} else {
  spawnSync('taskset', ['-a', '-cp', '1', String(process.pid)]);
  const child = fork(fileURLToPath(import.meta.url), [], { env: { ...process.env, SEND_FLOOR_SERVER: '1' }, execArgv: ['--import', 'tsx'] });
  spawnSync('taskset', ['-a', '-cp', '0', String(child.pid)]);
  const ask = (message: object): Promise<{ micros: number; sent: number; port: number }> =>
    new Promise((resolve) => {
      child.once('message', resolve as (m: unknown) => void);
      if (Object.keys(message).length) child.send(message);
    });
  const { port } = await ask({});
  let received = 0;
  const clients = await Promise.all(
    Array.from({ length: N }, () => new Promise<WebSocket>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: false });
      ws.on('message', () => received++);
      ws.once('open', () => resolve(ws));
    })),
  );
  for (let round = 0; round < 2; round++) {
    for (const [mode, name] of MODES.entries()) {
      const before = received;
      const { micros, sent } = await ask({ mode, ms: 4_000 });
      await new Promise((resolve) => setTimeout(resolve, 300));
      console.log(`${name.padEnd(22)} ${N} peers: ${(micros / sent).toFixed(2)} µs CPU per delivered message (${sent} sent, ${received - before} received)`);
    }
  }
  for (const ws of clients) ws.terminate();
  child.kill();
}
