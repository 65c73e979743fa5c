// Hocuspocus 3 with @hocuspocus/extension-redis of the same version: one instance of a cluster sharing documents
// through the Redis at REDIS_PORT, on 127.0.0.1:$PORT. Documents in memory otherwise (no storage extension).
import { Server } from '@hocuspocus/server';
import { Redis } from '@hocuspocus/extension-redis';

const port = Number(process.env.PORT);
const server = new Server({
  port,
  address: '127.0.0.1',
  quiet: true,
  stopOnSignals: true,
  extensions: [new Redis({ host: '127.0.0.1', port: Number(process.env.REDIS_PORT) })],
});
await server.listen();
process.stdout.write(`hocuspocus-redis ready at http://127.0.0.1:${port}\n`);
