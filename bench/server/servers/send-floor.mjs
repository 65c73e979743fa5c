// The send floor, on 127.0.0.1:$PORT: the least CPU a relay can spend per delivered message.
//
// A bare `ws` server that sends every message it receives to the other connections in its room
// (the URL path) with one `ws.send` each, and does nothing else: no Yjs, no presence state, no
// storage, no checks. A sync step 1 is answered with an empty step 2, so that the bench's clients
// count as synced (floor-rooms.mjs). The fan-out scenarios run against it like against any server (same driver,
// same writer and its real updates, same number of readers, the same pinned core and probe), so
// its CPU per delivered message is the floor that ours' is judged against, measured in the same
// run (issue #20: at most 1.15× the floor).
//
// Why `ws.send` rather than something cheaper: on this machine a bare server broadcasting 40 bytes
// to 200 peers at 60 Hz cost 8.7–9.0 µs per delivered message with `ws.send(Uint8Array)`,
// 8.4–8.9 with `ws.send(Buffer)`, and 8.0–8.7 writing one pre-built frame to each peer's
// net.Socket (bench/NOTES.md): the same within noise. What a delivery costs is the write system
// call, however the frame is made.
import { WebSocketServer } from 'ws';
import { serveRooms, toOthers } from './floor-rooms.mjs';

const port = Number(process.env.PORT);
const server = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false });
serveRooms(server, toOthers);
server.on('listening', () => process.stdout.write(`send floor ready at ws://127.0.0.1:${port}\n`));
process.on('SIGTERM', () => process.exit(0));
