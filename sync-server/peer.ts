/** One client connection as the room sees it: a socket it can write to, and what it may do. */
import type { CloseCode } from '../protocol/close-code';
import { Role } from '../protocol/role';

/** The part of a WebSocket the room needs; tests pass real sockets or in-memory ones. */
export interface SocketLike {
  /** `done` runs once the bytes are handed to the network (or failed), as `ws` calls it. */
  send(data: Uint8Array, done?: (error?: Error) => void): void;
  close(code: number, reason: string): void;
  terminate(): void;
  readonly bufferedAmount: number;
}

/** Called with the peer as `this`, so one shared function can serve every connection. */
export type CloseListener = (this: Peer, code: CloseCode, reason: string) => void;

/** Whether the peer's client still answers (a WebSocket pong): false after `timeoutMs` or if it is gone. */
export type LivenessProbe = (this: Peer, timeoutMs: number) => Promise<boolean>;

/** For peers whose liveness cannot be asked (in-memory sockets): they are taken to be alive. */
const ALWAYS_ALIVE: LivenessProbe = () => Promise.resolve(true);

export class Peer {
  /** Awareness client ids this connection has announced; removed when it goes. */
  readonly awarenessClients = new Set<number>();
  /** The connection's number in its room, which its document engine knows it by. */
  id = 0;
  synced = false;
  /** Presence messages held while the owners of the ids they name are pinged (presence-relay.ts). */
  presenceWaiting: Uint8Array[] | null = null;
  private closedWith: CloseCode | null = null;

  constructor(
    readonly socket: SocketLike,
    readonly role: Role,
    /** The link generation the connection's token belongs to; revoking closes older ones. */
    readonly generation: number,
    readonly remoteAddress: string,
    readonly wantsAcks: boolean,
    private readonly onClose: CloseListener = () => {},
    private readonly liveness: LivenessProbe = ALWAYS_ALIVE,
  ) {}

  get canWrite(): boolean { return this.role === Role.Editor; }

  probe(timeoutMs: number): Promise<boolean> {
    return this.closing ? Promise.resolve(false) : this.liveness.call(this, timeoutMs);
  }

  /** True once the server has decided to close this connection: ignore anything else from it. */
  get closing(): boolean { return this.closedWith !== null; }

  close(code: CloseCode, reason: string): void {
    if (this.closedWith !== null) return;
    this.closedWith = code;
    this.onClose(code, reason);
    this.socket.close(code, reason);
  }

  /** Drops the connection without a handshake: for peers that cannot even read a close frame. */
  terminate(code: CloseCode, reason: string): void {
    if (this.closedWith === null) {
      this.closedWith = code;
      this.onClose(code, reason);
    }
    this.socket.terminate();
  }
}
