import { describe, expect, it } from 'vitest';
import { BoardSession, UnsavedChoice, type SessionHooks } from './board-session';

function session(choice: UnsavedChoice, onSaveRequested: (s: BoardSession) => void = () => {}) {
  const calls = { asked: 0, saveRequests: 0, timers: [] as (() => void)[] };
  const hooks: SessionHooks = {
    askUnsaved: async () => {
      calls.asked++;
      return choice;
    },
    requestSave: () => {
      calls.saveRequests++;
      onSaveRequested(board);
    },
    setTimer: (run) => {
      calls.timers.push(run);
      return () => {
        calls.timers = calls.timers.filter((timer) => timer !== run);
      };
    },
  };
  const board = new BoardSession(hooks);
  return { board, calls };
}

describe('BoardSession.confirmDiscard', () => {
  it('lets a saved board go without asking', async () => {
    const { board, calls } = session(UnsavedChoice.Cancel);
    expect(await board.confirmDiscard()).toBe(true);
    expect(calls.asked).toBe(0);
  });

  it('asks when there are unsaved changes: Don’t Save discards, Cancel keeps', async () => {
    const discard = session(UnsavedChoice.Discard);
    discard.board.setUnsaved(true);
    expect(await discard.board.confirmDiscard()).toBe(true);
    const cancel = session(UnsavedChoice.Cancel);
    cancel.board.setUnsaved(true);
    expect(await cancel.board.confirmDiscard()).toBe(false);
    expect(cancel.calls.asked).toBe(1);
  });

  it('Save asks the renderer to save and goes on once it has', async () => {
    const { board, calls } = session(UnsavedChoice.Save, (s) => {
      s.saveStarted();
      queueMicrotask(() => s.saveFinished({ path: '/b/plan.whiteboard', name: 'plan' }));
    });
    board.setUnsaved(true);
    expect(await board.confirmDiscard()).toBe(true);
    expect(calls.saveRequests).toBe(1);
    expect(board).toMatchObject({ filePath: '/b/plan.whiteboard', unsaved: false });
    expect(calls.timers).toHaveLength(0);
  });

  it('Save followed by a cancelled Save dialog keeps the board', async () => {
    const { board } = session(UnsavedChoice.Save, (s) => {
      s.saveStarted();
      queueMicrotask(() => s.saveFinished(null));
    });
    board.setUnsaved(true);
    expect(await board.confirmDiscard()).toBe(false);
    expect(board.unsaved).toBe(true);
  });

  it('gives up, keeping the board, when the renderer never starts the save', async () => {
    const { board, calls } = session(UnsavedChoice.Save);
    board.setUnsaved(true);
    const outcome = board.confirmDiscard();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(calls.timers).toHaveLength(1);
    calls.timers[0]?.();
    expect(await outcome).toBe(false);
  });

  it('refuses a second request while the question is open', async () => {
    let answer: (choice: UnsavedChoice) => void = () => {};
    const board = new BoardSession({ askUnsaved: () => new Promise((resolve) => (answer = resolve)), requestSave: () => {} });
    board.setUnsaved(true);
    const first = board.confirmDiscard();
    expect(await board.confirmDiscard()).toBe(false);
    answer(UnsavedChoice.Discard);
    expect(await first).toBe(true);
  });
});
