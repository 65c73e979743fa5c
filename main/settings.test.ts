import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsStore, loadSettings, saveSettings } from './settings';
import { MAX_RECENT_FILES, addRecentFile, defaultSettings, normalizeSettings, type Settings } from './settings-schema';

const defaults = defaultSettings('ws://127.0.0.1:4455');
let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'whiteboard-settings-'));
  file = path.join(dir, 'settings.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const good: Settings = {
  name: 'Ada',
  color: '#112233',
  defaultServerUrl: 'wss://boards.example.org',
  recentFiles: ['/home/ada/a.whiteboard', 'C:\\Users\\ada\\b.whiteboard'],
  windowBounds: { x: 10, y: -20, width: 1200, height: 800, maximized: true },
};

describe('loadSettings', () => {
  it('gives the defaults, without complaint, when there is no file yet', async () => {
    expect(await loadSettings(file, defaults)).toEqual({ settings: defaults, problem: null });
  });

  it('round-trips what saveSettings wrote', async () => {
    await saveSettings(file, good);
    expect(await loadSettings(file, defaults)).toEqual({ settings: good, problem: null });
  });

  it('gives the defaults and says why for a corrupt file', async () => {
    await writeFile(file, '{"name": "Ada", ');
    const loaded = await loadSettings(file, defaults);
    expect(loaded.settings).toEqual(defaults);
    expect(loaded.problem).toMatch(/is not valid JSON/);
  });

  it('ignores JSON that is not an object', async () => {
    await writeFile(file, '[1,2,3]');
    expect((await loadSettings(file, defaults)).settings).toEqual(defaults);
  });
});

describe('normalizeSettings', () => {
  it('drops each bad value and keeps the good ones', () => {
    const settings = normalizeSettings(
      {
        name: 'x'.repeat(200),
        color: 'javascript:alert(1)',
        defaultServerUrl: 'wss://ok.example.org',
        recentFiles: ['relative.whiteboard', '/etc/passwd', '/home/ada/a.whiteboard', 7, '/home/ada/a.whiteboard'],
        windowBounds: { x: 0, y: 0, width: 10, height: 10 },
        unknown: 'kept nowhere',
      },
      defaults,
    );
    expect(settings).toEqual({ ...defaults, defaultServerUrl: 'wss://ok.example.org', recentFiles: ['/home/ada/a.whiteboard'] });
  });

  it('bounds the recent list', () => {
    const many = Array.from({ length: 30 }, (_, i) => `/boards/${i}.whiteboard`);
    expect(normalizeSettings({ recentFiles: many }, defaults).recentFiles).toHaveLength(MAX_RECENT_FILES);
  });

  it('refuses window bounds that are not whole numbers', () => {
    expect(normalizeSettings({ windowBounds: { x: 0.5, y: 0, width: 800, height: 600 } }, defaults).windowBounds).toBeNull();
    expect(normalizeSettings({ windowBounds: { x: 0, y: 0, width: 800, height: 600 } }, defaults).windowBounds).toEqual({
      x: 0,
      y: 0,
      width: 800,
      height: 600,
      maximized: false,
    });
  });
});

describe('addRecentFile', () => {
  it('moves a reopened file to the front without duplicating it', () => {
    expect(addRecentFile(['/a.whiteboard', '/b.whiteboard'], '/b.whiteboard')).toEqual(['/b.whiteboard', '/a.whiteboard']);
  });

  it('drops the oldest past the bound', () => {
    const full = Array.from({ length: MAX_RECENT_FILES }, (_, i) => `/${i}.whiteboard`);
    const next = addRecentFile(full, '/new.whiteboard');
    expect(next).toHaveLength(MAX_RECENT_FILES);
    expect(next[0]).toBe('/new.whiteboard');
    expect(next).not.toContain(`/${MAX_RECENT_FILES - 1}.whiteboard`);
  });
});

describe('saveSettings', () => {
  it('writes through a temporary file and leaves none behind', async () => {
    await saveSettings(file, good);
    await saveSettings(file, { ...good, name: 'Grace' });
    expect(await readdir(dir)).toEqual(['settings.json']);
    expect(JSON.parse(await readFile(file, 'utf8')).name).toBe('Grace');
  });

  it('keeps the old file when the write fails, and cleans up', async () => {
    await saveSettings(file, good);
    // A directory cannot be renamed over by a file: the rename fails after the temp file is written.
    const blocked = path.join(dir, 'blocked');
    await saveSettings(path.join(blocked, 'settings.json'), good);
    await expect(saveSettings(blocked, good)).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['blocked', 'settings.json']);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(good);
  });
});

describe('SettingsStore', () => {
  it('writes changes in order', async () => {
    const store = new SettingsStore(file, defaults, (error) => {
      throw error;
    });
    store.update({ name: 'one' });
    store.update({ name: 'two', color: '#000000' });
    await store.flushed();
    expect((await loadSettings(file, defaults)).settings).toMatchObject({ name: 'two', color: '#000000' });
  });

  it('reports a failed write and goes on', async () => {
    const errors: Error[] = [];
    const store = new SettingsStore(dir, defaults, (error) => errors.push(error));
    store.update({ name: 'x' });
    await store.flushed();
    expect(errors).toHaveLength(1);
    expect(store.get().name).toBe('x');
  });
});
