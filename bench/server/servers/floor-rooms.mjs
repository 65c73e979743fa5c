// What the send floor (send-floor.mjs) and the relay floor (bench/cluster/servers/relay-floor.mjs) share: clients in
// rooms named by their URL path, and a sync step 1 answered with an empty step 2, so that the bench's clients count as
// synced. Nothing else: what a message does is the floor's own.

/** `[sync][step 2][length 2][no structs, empty delete set]`. */
const EMPTY_STEP2 = Uint8Array.of(0, 1, 2, 0, 0);
const MSG_SYNC = 0;
const STEP1 = 0;

/**
 * Sends `bytes` to the room's other clients, one `ws.send` each: the whole of the send floor's work per message.
 * @param {Buffer} bytes
 * @param {Set<import('ws').WebSocket>} peers
 * @param {import('ws').WebSocket} sender
 */
export function toOthers(bytes, peers, sender) {
  for (const peer of peers) if (peer !== sender) peer.send(bytes);
}

/**
 * Serves `server`'s connections in rooms: every message but a sync step 1 goes to `relay(bytes, peers, sender, room)`.
 * `opened(room)` and `emptied(room)`: a room got its first client here, or lost its last. Returns the rooms by name.
 * @param {import('ws').WebSocketServer} server
 * @param {(bytes: Buffer, peers: Set<import('ws').WebSocket>, sender: import('ws').WebSocket, room: string) => void} relay
 * @param {(room: string) => void} [opened]
 * @param {(room: string) => void} [emptied]
 */
export function serveRooms(server, relay, opened = () => {}, emptied = () => {}) {
  /** @type {Map<string, Set<import('ws').WebSocket>>} */
  const rooms = new Map();
  server.on('connection', (ws, request) => {
    const name = new URL(request.url ?? '/', 'http://floor').pathname;
    let room = rooms.get(name);
    if (!room) {
      rooms.set(name, (room = new Set()));
      opened(name);
    }
    const peers = room;
    peers.add(ws);
    ws.on('message', (data) => {
      const bytes = /** @type {Buffer} */ (data);
      if (bytes[0] === MSG_SYNC && bytes[1] === STEP1) ws.send(EMPTY_STEP2);
      else relay(bytes, peers, ws, name);
    });
    ws.on('close', () => {
      peers.delete(ws);
      if (peers.size > 0 || rooms.get(name) !== peers) return;
      rooms.delete(name);
      emptied(name);
    });
  });
  return rooms;
}
