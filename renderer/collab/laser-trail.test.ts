import { describe, expect, it } from 'vitest';
import { LaserReceiver, LaserSender } from './laser-trail';
import { MAX_LASER_POINTS } from './presence-fields';

const pts = (...xs: number[]) => xs.map((x) => ({ x, y: 0 }));

describe('the laser trail on the wire', () => {
  it('delivers each point once, in order, however the messages are batched', () => {
    const sender = new LaserSender();
    const receiver = new LaserReceiver();
    const got: number[] = [];
    const deliver = (trail: ReturnType<LaserSender['add']>) => got.push(...(receiver.receive(5, trail)?.points.map((p) => p.x) ?? []));
    deliver(sender.add(1, pts(1, 2)));
    sender.add(1, pts(3)); // merged away by the throttle: the next message carries it
    const last = sender.add(1, pts(4, 5));
    deliver(last);
    deliver(last); // the same state again changes nothing
    expect(got).toEqual([1, 2, 3, 4, 5]);
  });

  it('starts a new trail for a new run, and keeps only the newest points on the wire', () => {
    const sender = new LaserSender();
    const receiver = new LaserReceiver();
    receiver.receive(5, sender.add(1, pts(1, 2, 3)));
    const many = sender.add(2, pts(...Array.from({ length: MAX_LASER_POINTS + 10 }, (_, i) => i + 0.04)));
    expect(many.points.length).toBe(2 * MAX_LASER_POINTS);
    expect(many.points[0]).toBe(10);
    const delta = receiver.receive(5, many);
    expect(delta?.run).toBe(2);
    expect(delta?.points.length).toBe(MAX_LASER_POINTS);
  });
});
