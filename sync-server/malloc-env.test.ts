/**
 * The server's malloc setting (MALLOC_ENV) only works if whoever starts the process sets it, so
 * every launcher we ship must carry the same value: the Docker image and the systemd unit here,
 * the desktop app in main/hosting-plan.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MALLOC_ENV } from './testing/malloc-env';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');
const settings = Object.entries(MALLOC_ENV);

describe('the malloc setting in the launchers we ship', () => {
  it('is one that glibc reads: a threshold above Node’s 64 KiB socket reads', () => {
    expect(settings.length).toBeGreaterThan(0);
    expect(Number(MALLOC_ENV.MALLOC_MMAP_THRESHOLD_)).toBeGreaterThan(64 * 1024);
  });

  it('is set in the Docker image that runs the server', () => {
    const dockerfile = read('deploy/docker/Dockerfile');
    // The run stage: everything after the last FROM.
    const runStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    for (const [key, value] of settings) expect(runStage).toMatch(new RegExp(`^(ENV|\\s+)\\s*${key}=${value}\\b`, 'm'));
  });

  it('is set in the systemd unit', () => {
    const unit = read('deploy/systemd/whiteboard.service');
    for (const [key, value] of settings) expect(unit).toMatch(new RegExp(`^Environment=${key}=${value}$`, 'm'));
  });
});
