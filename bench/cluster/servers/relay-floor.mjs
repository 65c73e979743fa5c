// The relay floor of a cluster, on 127.0.0.1:$PORT: the least CPU three instances sharing rooms through the Redis at
// REDIS_PORT can spend per delivered message.
//
// The send floor (bench/server/servers/send-floor.mjs) with Redis Pub/Sub between instances, and nothing else: no
// Yjs, no storage, no streams, no checks, no acknowledgements. Each instance subscribes to a room's channel while it
// has a client in the room; a message from a client goes to the room's other clients here with one `ws.send` each and
// is published on the channel once; a message from the channel goes to the room's clients here. Pub/Sub sends a
// message to every subscriber, its publisher's instance too (Redis cannot leave the publisher out), which drops it by
// its first byte. A sync step 1 is answered with an empty step 2, so that the bench's clients count as synced
// (bench/server/servers/floor-rooms.mjs).
//
// What it is for: ours as a cluster is judged against one embedded instance (issue #21: at most 1.5× its CPU per
// delivered message). This measures, in the same run, what the relaying alone costs: every message crossing
// instances is written to Redis, handled by Redis, and read by each instance holding the room, all on the one core.
import { Redis } from 'ioredis';
import { WebSocketServer } from 'ws';
import { serveRooms, toOthers } from '../../server/servers/floor-rooms.mjs';

const port = Number(process.env.PORT);
const redisPort = Number(process.env.REDIS_PORT);
/** This instance's mark on what it publishes, so that it drops its own messages coming back: 0, 1, 2, … */
const self = Number(process.env.INSTANCE || NaN);
if (!Number.isInteger(self) || self < 0 || self > 255) throw new Error('INSTANCE must be this instance\'s number, 0 to 255');

const options = { host: '127.0.0.1', port: redisPort, enableAutoPipelining: false };
const publisher = new Redis(options);
const subscriber = new Redis(options);

await Promise.all([publisher, subscriber].map((redis) => new Promise((resolve) => redis.once('ready', resolve))));
const server = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false });
const rooms = serveRooms(
  server,
  (bytes, peers, sender, room) => {
    toOthers(bytes, peers, sender);
    const message = Buffer.allocUnsafe(bytes.length + 1);
    message[0] = self;
    bytes.copy(message, 1);
    void publisher.publish(room, message);
  },
  (room) => void subscriber.subscribe(room),
  (room) => void subscriber.unsubscribe(room),
);
subscriber.on('messageBuffer', (channel, message) => {
  if (message[0] === self) return;
  const peers = rooms.get(channel.toString());
  if (!peers) return;
  const frame = message.subarray(1);
  for (const peer of peers) peer.send(frame);
});

server.on('listening', () => process.stdout.write(`relay floor ready at ws://127.0.0.1:${port}\n`));
process.on('SIGTERM', () => process.exit(0));
