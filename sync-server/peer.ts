/** One client connection as the room sees it: a socket it can write to, and what it may do. */

/** The part of a WebSocket the room needs; tests pass real sockets or in-memory ones. */
export interface SocketLike {
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Drops the connection at once, without a closing handshake. */
  terminate(): void;
  /** Bytes queued but not yet handed to the network. */
  readonly bufferedAmount: number;
}

export class Peer {
  /** Awareness client ids this connection has announced; removed when it goes. */
  readonly awarenessClients = new Set<number>();

  constructor(
    readonly socket: SocketLike,
    readonly canWrite: boolean,
    /** Where the connection comes from, for logs. */
    readonly remoteAddress: string,
  ) {}
}
