/**
 * A stand-in for the desktop app's preload bridge (window.whiteboard), for driving the
 * renderer's desktop mode in Chromium: the Electron binary cannot run on these machines, so its
 * main process is the one edge replaced. Every verb calls back into the test, which records
 * the call and answers as main would; menu commands are fired by the test.
 */
import type { Page } from '@playwright/test';

export interface BridgeCall {
  verb: string;
  args: unknown[];
}

export type BridgeAnswer = (verb: string, args: unknown[]) => unknown;

declare global {
  interface Window {
    __bridgeCall(verb: string, args: unknown[]): Promise<unknown>;
    __fireMenuCommand?: (event: { command: string; path?: string }) => void;
  }
}

/** Installs the fake bridge in every document the page loads; returns the calls made so far. */
export async function installFakeBridge(page: Page, answer: BridgeAnswer): Promise<BridgeCall[]> {
  const calls: BridgeCall[] = [];
  await page.exposeFunction('__bridgeCall', (verb: string, args: unknown[]) => {
    calls.push({ verb, args });
    return answer(verb, args);
  });
  await page.addInitScript(() => {
    // Bytes cross the test boundary as plain arrays.
    const toBytes = (value: unknown): unknown => {
      if (!value || typeof value !== 'object' || !Array.isArray((value as { state?: unknown }).state)) return value;
      const { state, history } = value as { state: number[]; history?: number[] | null };
      return { ...(value as object), state: new Uint8Array(state), history: Array.isArray(history) ? new Uint8Array(history) : null };
    };
    const fromBytes = (value: unknown): unknown => (value instanceof Uint8Array ? Array.from(value) : value);
    const call = (verb: string) => async (...args: unknown[]) => {
      const plainArgs = args.map((arg) =>
        arg && typeof arg === 'object' && (arg as { data?: unknown }).data instanceof Uint8Array
          ? { ...(arg as object), data: Array.from((arg as { data: Uint8Array }).data) }
          : fromBytes(arg),
      );
      return toBytes(await window.__bridgeCall(verb, plainArgs));
    };
    const verbs = ['appInfo', 'defaultServerUrl', 'getSettings', 'updateSettings', 'newBoard', 'openBoard', 'saveBoard', 'setUnsavedChanges', 'listRecent', 'openRecent', 'exportImage', 'openExternal', 'startHosting', 'stopHosting', 'hostingStatus', 'pasteClipboard'];
    const bridge: Record<string, unknown> = Object.fromEntries(verbs.map((verb) => [verb, call(verb)]));
    bridge.onMenuCommand = (listener: (event: { command: string; path?: string }) => void) => {
      window.__fireMenuCommand = listener;
      return () => undefined;
    };
    bridge.onHostingChanged = () => () => undefined;
    Object.defineProperty(window, 'whiteboard', { value: bridge });
  });
  return calls;
}

export function fireMenuCommand(page: Page, command: string, path?: string): Promise<void> {
  return page.evaluate(([name, file]) => window.__fireMenuCommand?.({ command: name as string, ...(file ? { path: file } : {}) }), [command, path]);
}
