import { describe, expect, it } from 'vitest';
import { LaunchActionKind, type LaunchAction } from './deep-links';
import { LaunchQueue } from './launch-queue';

const file = (path: string): LaunchAction => ({ kind: LaunchActionKind.OpenFile, path });
const badLink: LaunchAction = { kind: LaunchActionKind.BadInvite, error: 'no access token' };

/** The app as the queue sees it: a window that exists or not, and what was done in it. */
function fakeApp() {
  const app = {
    window: false,
    opened: 0,
    performed: [] as Array<{ action: LaunchAction; windowLoaded: boolean }>,
    loaded: false,
  };
  const queue = new LaunchQueue({
    hasWindow: () => app.window,
    openWindow: () => {
      app.opened++;
      app.window = true;
      queue.windowLoading();
    },
    perform: async (action) => {
      app.performed.push({ action, windowLoaded: app.loaded });
    },
  });
  const load = (): void => {
    app.loaded = true;
    queue.windowLoaded();
  };
  const close = (): void => {
    app.window = false;
    app.loaded = false;
    queue.windowClosed();
  };
  return { app, queue, load, close };
}

describe('LaunchQueue', () => {
  it('opens a window for a file opened when there is none (macOS), and handles it once the page has loaded', () => {
    const { app, queue, load, close } = fakeApp();
    queue.appReady();
    queue.route(file('/start.whiteboard'));
    // no window yet: one is opened, and the file waits for its page
    expect(app.opened).toBe(1);
    load();
    close();

    queue.route(file('/Users/ada/plan.whiteboard'));
    expect(app.opened).toBe(2);
    expect(app.performed.map((entry) => entry.action)).toEqual([file('/start.whiteboard')]);
    load();
    expect(app.performed.at(-1)).toEqual({ action: file('/Users/ada/plan.whiteboard'), windowLoaded: true });
  });

  it('opens one window for several requests arriving while it loads, and handles them in order', () => {
    const { app, queue, load, close } = fakeApp();
    queue.appReady();
    close();
    queue.route(badLink);
    queue.route(file('/a.whiteboard'));
    queue.route(file('/b.whiteboard'));
    expect(app.opened).toBe(1);
    expect(app.performed).toEqual([]);
    load();
    expect(app.performed.map((entry) => entry.action)).toEqual([badLink, file('/a.whiteboard'), file('/b.whiteboard')]);
    expect(app.performed.every((entry) => entry.windowLoaded)).toBe(true);
  });

  it('keeps requests made before the app is ready (macOS sends open-url that early) for the first window', () => {
    const { app, queue, load } = fakeApp();
    queue.route(file('/early.whiteboard'));
    expect(app.opened).toBe(0);
    // main opens the first window itself, then tells the queue the app is ready
    app.window = true;
    queue.windowLoading();
    queue.appReady();
    expect(app.opened).toBe(0);
    load();
    expect(app.performed.map((entry) => entry.action)).toEqual([file('/early.whiteboard')]);
  });

  it('acts at once while a page is loaded, and waits again while the window navigates', () => {
    const { app, queue, load } = fakeApp();
    app.window = true;
    queue.windowLoading();
    queue.appReady();
    load();
    queue.route(file('/now.whiteboard'));
    expect(app.performed).toHaveLength(1);
    queue.windowLoading();
    queue.route(file('/later.whiteboard'));
    expect(app.performed).toHaveLength(1);
    expect(app.opened).toBe(0);
    load();
    expect(app.performed.map((entry) => entry.action)).toEqual([file('/now.whiteboard'), file('/later.whiteboard')]);
  });

  it('does nothing for a command line with no request', () => {
    const { app, queue } = fakeApp();
    queue.appReady();
    queue.route({ kind: LaunchActionKind.None });
    expect(app.opened).toBe(0);
    expect(queue.pending()).toEqual([]);
  });
});
