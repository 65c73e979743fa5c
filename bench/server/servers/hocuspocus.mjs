// Hocuspocus 3 with its defaults (documents in memory, no extensions), on 127.0.0.1:$PORT.
import { Server } from '@hocuspocus/server';

const port = Number(process.env.PORT);
const server = new Server({ port, address: '127.0.0.1', quiet: true, stopOnSignals: true });
await server.listen();
process.stdout.write(`hocuspocus ready at http://127.0.0.1:${port}\n`);
