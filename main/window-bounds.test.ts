import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_HEIGHT_PX, DEFAULT_WINDOW_WIDTH_PX, restoreWindow, revealWhenReady, type RevealableWindow } from './window-bounds';

const laptop = { x: 0, y: 0, width: 1440, height: 900 };
const monitorOnTheLeft = { x: -1920, y: 0, width: 1920, height: 1080 };

describe('restoreWindow', () => {
  it('uses the default size, centred, the first time', () => {
    expect(restoreWindow(null, [laptop])).toEqual({ bounds: null, width: DEFAULT_WINDOW_WIDTH_PX, height: DEFAULT_WINDOW_HEIGHT_PX, maximized: false });
  });

  it('puts the window back where it was, maximised or not', () => {
    const saved = { x: -1800, y: 100, width: 1200, height: 700, maximized: true };
    expect(restoreWindow(saved, [laptop, monitorOnTheLeft])).toEqual({ bounds: { x: -1800, y: 100, width: 1200, height: 700 }, width: 1200, height: 700, maximized: true });
  });

  it('does not restore onto a display that is gone', () => {
    const saved = { x: -1800, y: 100, width: 1200, height: 700, maximized: false };
    expect(restoreWindow(saved, [laptop])).toMatchObject({ bounds: null, width: 1200, height: 700 });
  });

  it('does not restore a window whose title bar is above the screen', () => {
    expect(restoreWindow({ x: 100, y: -500, width: 1000, height: 700, maximized: false }, [laptop]).bounds).toBeNull();
  });

  it('shrinks a window larger than its display', () => {
    expect(restoreWindow({ x: 0, y: 0, width: 3000, height: 2000, maximized: false }, [laptop]).bounds).toEqual({ x: 0, y: 0, width: 1440, height: 900 });
  });
});

/** A hidden window as Electron's documentation describes it: maximize() also shows it. */
function hiddenWindow() {
  const events: string[] = [];
  let readyToShow: (() => void) | null = null;
  const window: RevealableWindow & { visible: boolean } = {
    visible: false,
    once: (_event, listener) => {
      readyToShow = listener;
    },
    maximize: () => {
      events.push(window.visible ? 'maximize' : 'maximize (shown)');
      window.visible = true;
    },
    show: () => {
      events.push('show');
      window.visible = true;
    },
  };
  return { window, events, paint: () => readyToShow?.() };
}

describe('revealWhenReady', () => {
  it('shows nothing before the first frame is painted, even a maximised window', () => {
    const { window, events, paint } = hiddenWindow();
    revealWhenReady(window, true);
    expect(window.visible).toBe(false);
    expect(events).toEqual([]);
    paint();
    expect(events).toEqual(['maximize (shown)', 'show']);
  });

  it('shows a window that was not maximised as it is', () => {
    const { window, events, paint } = hiddenWindow();
    revealWhenReady(window, false);
    paint();
    expect(events).toEqual(['show']);
  });
});
