import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { WRITER, writerIsAlive, writerOf } from './blob-writers';

describe('writers of chunked blobs', () => {
  it('knows this process, and a dead or earlier process with its pid for gone', () => {
    expect(writerIsAlive(WRITER)).toBe(true);
    expect(writerOf(process.pid)).toBe(WRITER);
    // An earlier process that had this pid (a container's server restarted as pid 1).
    expect(writerIsAlive(`${process.pid}:1`)).toBe(false);
    expect(writerIsAlive('not a writer')).toBe(false);
  });

  it('takes another running process for alive until it exits', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('spawn', resolve));
    const writer = writerOf(child.pid as number);
    expect(writer).not.toBeNull();
    expect(writerIsAlive(writer as string)).toBe(true);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(writerIsAlive(writer as string)).toBe(false);
  });
});
