/**
 * The stream reader's chain across this instance's own appends, with a real Redis: an append answered while the stream
 * is being read must not leave the cursor behind, or the next entry from elsewhere looks like a gap and the room's
 * clients are made to resync for nothing (seen once in CI, in redis-fan-out.test.ts's "resyncs nobody" test).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../testing/harness';
import { startRedis, type RunningRedis } from '../testing/redis';
import { silentLogger } from '../testing/silent-logger';
import { ClusterMetrics } from './cluster-metrics';
import { RedisLink, streamKeys } from './redis-link';
import { StreamReader, after, type GapReason } from './stream-reader';

let redis: RunningRedis;

beforeAll(async () => {
  redis = await startRedis();
}, 60_000);

afterAll(async () => {
  await redis?.destroy();
});

describe('after', () => {
  it('orders stream ids by their time, then by their sequence, as numbers', () => {
    expect(after('1700000000001-0', '1700000000000-5')).toBe(true);
    expect(after('1700000000000-10', '1700000000000-9')).toBe(true);
    expect(after('1700000000000-9', '1700000000000-10')).toBe(false);
    expect(after('999-0', '1000-0')).toBe(false);
    expect(after('1700000000000-3', '1700000000000-3')).toBe(false);
    expect(after('1-0', '0-0')).toBe(true);
  });
});

describe('StreamReader', () => {
  it('passes its own appends answered while it reads the stream, so what follows them is no gap', async () => {
    const link = new RedisLink(redis.url);
    await link.connect();
    const reader = new StreamReader(link.subscriber, link.commands, silentLogger(), new ClusterMetrics());
    try {
      const keys = streamKeys('chain');
      const [first] = await link.append(keys, 'one', 'elsewhere.1', 'f');
      const delivered: string[] = [];
      const gaps: GapReason[] = [];
      reader.watch(keys[0], { deliver: (_origin, _kind, payload) => void delivered.push(payload.toString()), gap: (reason) => void gaps.push(reason) });
      // This instance's append, answered before the read ends and not in what the read returns (it landed just after).
      const [ms, seq] = first.split('-');
      const own = `${ms}-${Number(seq) + 1}`;
      reader.appended(keys[0], own, first);
      await eventually(() => delivered.length === 1, 10_000, 'the entry before');
      // The next entry from elsewhere follows the own one, a millisecond later.
      await new Promise((resolve) => setTimeout(resolve, 5));
      await link.commands.set(keys[1], own);
      await link.append(keys, 'two', 'elsewhere.1', 'f');
      await eventually(() => delivered.length === 2 || gaps.length > 0, 10_000, 'the entry after');
      expect(gaps).toEqual([]);
      expect(delivered).toEqual(['one', 'two']);
    } finally {
      reader.stop();
      link.close();
    }
  });
});
