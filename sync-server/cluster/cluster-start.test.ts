/**
 * Starting a cluster instance, as an operator does, with the built CLI: one of --redis-url / --database-url without
 * the other (as flags or as environment variables) is a start-up error that names what is missing, before anything is
 * connected to; a database that cannot be reached stops the start with where it was looked for, without the password.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing/cli-server';
import { freePort } from '../testing/nginx';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wb-cluster-start-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('starting a cluster instance', () => {
  it('refuses one of --redis-url and --database-url without the other, naming the missing one', async () => {
    const onlyRedis = await runCli(['--data', dir, '--redis-url', 'redis://127.0.0.1:6379']);
    expect(onlyRedis.code).toBe(2);
    expect(onlyRedis.stderr).toContain('--database-url is missing');
    const onlyDatabase = await runCli(['--data', dir, '--database-url', 'postgres://whiteboard@127.0.0.1/whiteboard']);
    expect(onlyDatabase.code).toBe(2);
    expect(onlyDatabase.stderr).toContain('--redis-url is missing');
    expect(onlyDatabase.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('reads them from the environment the same way', async () => {
    // The child takes the environment as it is when it is spawned, which runCli does before it returns.
    process.env.WHITEBOARD_REDIS_URL = 'redis://127.0.0.1:6379';
    const starting = runCli(['--data', dir]);
    delete process.env.WHITEBOARD_REDIS_URL;
    const started = await starting;
    expect(started.code).toBe(2);
    expect(started.stderr).toContain('--database-url is missing');
  });

  it('stops with where PostgreSQL was looked for, and no password, when it cannot be reached', async () => {
    const port = await freePort();
    const result = await runCli(['--data', dir, '--secret', 'a'.repeat(64), '--redis-url', `redis://127.0.0.1:${port}`, '--database-url', `postgres://app:hunter2@127.0.0.1:${port}/wb`]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`cannot set up PostgreSQL at postgres://app:***@127.0.0.1:${port}/wb`);
    expect(result.stderr).not.toContain('hunter2');
  });
});
