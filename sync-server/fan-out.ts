/**
 * Fan-out between the servers that share rooms. Each loaded room opens a channel on its room; what it publishes (a
 * framed document update or presence message, as clients receive it) reaches every other channel open on that room, in
 * order, and none of its own; the room sends to its own connections itself. The embedded server has one instance, so
 * its in-process fan-out connects nothing unless several servers share it (tests start two in one process, sharing one
 * storage and one fan-out, to prove rooms behave as one across instances). A cluster puts Redis here.
 */

export interface ChannelListener {
  /** Each frame published on the room elsewhere. */
  deliver(frame: Uint8Array): void;
  /** Frames were lost on the way: the room must bring its clients back in sync. */
  gap(): void;
}

export interface FanOutChannel {
  publish(frame: Uint8Array): void;
  close(): void;
}

export interface FanOut {
  open(room: string, listener: ChannelListener): FanOutChannel;
}

/** The fan-out of servers in one process. */
export class InProcessFanOut implements FanOut {
  private readonly rooms = new Map<string, Set<ChannelListener>>();

  open(room: string, listener: ChannelListener): FanOutChannel {
    let listeners = this.rooms.get(room);
    if (!listeners) this.rooms.set(room, (listeners = new Set()));
    listeners.add(listener);
    const all = listeners;
    return {
      publish: (frame) => {
        for (const other of all) if (other !== listener) other.deliver(frame);
      },
      close: () => {
        all.delete(listener);
        if (all.size === 0 && this.rooms.get(room) === all) this.rooms.delete(room);
      },
    };
  }
}
