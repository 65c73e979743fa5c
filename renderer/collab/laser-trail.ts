/**
 * A laser pointer's trail on the wire (presence.ts sends it, throttled to the cursor interval):
 * the sender keeps the newest points of the current run (one press of the pointer) and sends
 * them all each time, with how many the run has so far; a receiver appends only the points it
 * has not seen yet. A message lost or merged by the throttle costs nothing as long as fewer than
 * MAX_LASER_POINTS points were drawn meanwhile, and a receiver that joins mid-run starts from the
 * newest points.
 */
import { MAX_LASER_POINTS, type LaserTrail, type Point } from './presence-fields';

/** Board coordinates to a tenth of a unit: finer than any screen shows, and short on the wire. */
const round = (value: number): number => Math.round(value * 10) / 10;

export class LaserSender {
  private run = 0;
  private end = 0;
  private recent: number[] = [];

  /** Adds points to a run (a new run number starts a new trail); returns what to send. */
  add(run: number, points: readonly Point[]): LaserTrail {
    if (run !== this.run) {
      this.run = run;
      this.end = 0;
      this.recent = [];
    }
    for (const point of points) this.recent.push(round(point.x), round(point.y));
    this.end += points.length;
    if (this.recent.length > 2 * MAX_LASER_POINTS) this.recent = this.recent.slice(-2 * MAX_LASER_POINTS);
    return { run: this.run, end: this.end, points: [...this.recent] };
  }
}

/** A peer's trail, as received: the points it had not delivered before, and whether a new run began. */
export interface LaserDelta {
  run: number;
  points: Point[];
}

export class LaserReceiver {
  private readonly seen = new Map<number, { run: number; end: number }>();

  /** The new part of a peer's trail, or null when there is nothing new. */
  receive(clientId: number, trail: LaserTrail | null): LaserDelta | null {
    if (!trail) return null;
    const last = this.seen.get(clientId);
    const known = last && last.run === trail.run ? last.end : 0;
    if (known >= trail.end) return null;
    this.seen.set(clientId, { run: trail.run, end: trail.end });
    const count = trail.points.length / 2;
    const fresh = Math.min(count, trail.end - known);
    const points: Point[] = [];
    for (let i = count - fresh; i < count; i++) points.push({ x: trail.points[2 * i] as number, y: trail.points[2 * i + 1] as number });
    return { run: trail.run, points };
  }

  forget(clientId: number): void {
    this.seen.delete(clientId);
  }
}
