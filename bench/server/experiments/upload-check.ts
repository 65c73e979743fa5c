// Debug helper: upload a board of the given size to one server and read it back.
import { BenchClient } from '../client';
import { boardUpdate } from '../boards';
import { startServer, type ServerName } from '../servers';

const name = (process.argv[2] ?? 'ours') as ServerName;
const bytes = Number(process.argv[3] ?? 10_000_000);
const server = await startServer(name);
const board = boardUpdate(bytes, 7);
const uploader = new BenchClient(server, 'large', { fixedState: board });
uploader.ws.on('close', (code, reason) => console.log('uploader closed', code, reason.toString()));
await uploader.synced;
await new Promise((r) => setTimeout(r, 2000));
const probe = new BenchClient(server, 'large');
await probe.synced;
console.log(name, 'board', board.length, 'probe received', probe.receivedBytes);
await server.stop();
process.exit(0);
