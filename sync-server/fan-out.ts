/**
 * Fan-out between servers sharing rooms: what a room publishes on its channel (a frame, as clients receive it) reaches
 * every other channel open on that room, in order, never its own. The in-process fan-out connects servers in one process
 * (tests run two sharing storage and fan-out, to prove rooms act as one across instances); a cluster puts Redis here.
 */
export interface ChannelListener {
  deliver(frame: Uint8Array): void;
  /** Frames were lost on the way: the room must bring its clients back in sync. */
  gap(): void;
}

export interface FanOutChannel { publish(frame: Uint8Array): void; close(): void }

export interface FanOut {
  open(room: string, listener: ChannelListener): FanOutChannel;
}

export class InProcessFanOut implements FanOut {
  private readonly rooms = new Map<string, Set<ChannelListener>>();

  open(room: string, listener: ChannelListener): FanOutChannel {
    const all = this.rooms.get(room) ?? new Set<ChannelListener>();
    this.rooms.set(room, all.add(listener));
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
