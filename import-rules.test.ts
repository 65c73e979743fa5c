/**
 * Proves the import rules in .dependency-cruiser.cjs bite: for each boundary of DESIGN.md, a
 * probe file with a forbidden import is written into the real tree, cruised with the real
 * configuration, and must be reported under the expected rule. Allowed imports must pass.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { cruise, type IConfiguration, type ICruiseResult } from 'dependency-cruiser';
import { afterEach, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const config = require('./.dependency-cruiser.cjs') as IConfiguration;
const root = path.dirname(new URL(import.meta.url).pathname);
const probes: string[] = [];

async function violationsOf(folder: string, source: string): Promise<string[]> {
  const file = path.join(folder, `__import_probe_${process.pid}_${probes.length}__.ts`);
  probes.push(path.join(root, file));
  fs.writeFileSync(path.join(root, file), source);
  const result = await cruise([file], { ...config.options, validate: true, ruleSet: { forbidden: config.forbidden ?? [] } });
  const output = result.output as ICruiseResult;
  return output.summary.violations.filter((v) => v.from === file).map((v) => v.rule.name);
}

afterEach(() => {
  for (const probe of probes.splice(0)) fs.rmSync(probe, { force: true });
});

describe('import rules', () => {
  it.each([
    ['protocol', "import fs from 'node:fs'; export const x = fs;", 'protocol-is-pure'],
    ['protocol', "import Konva from 'konva'; export const x = Konva;", 'protocol-is-pure'],
    ['protocol', "import { Board } from '../renderer/board/board'; export const x = Board;", 'protocol-is-pure'],
    ['sync-server', "import { Board } from '../renderer/board/board'; export const x = Board;", 'sync-server-stays-server'],
    ['main', "import { Room } from '../sync-server/room'; export const x = Room;", 'main-never-imports-renderer-or-server'],
    ['main', "import { Board } from '../renderer/board/board'; export const x = Board;", 'main-never-imports-renderer-or-server'],
    ['renderer', "import { Room } from '../sync-server/room'; export const x = Room;", 'renderer-only-through-the-bridge'],
    ['renderer', "import { createBridge } from '../main/bridge-api'; export const x = createBridge;", 'renderer-bridge-type-only'],
    ['renderer', "import path from 'node:path'; export const x = path;", 'renderer-no-node'],
    ['renderer', "import { WebSocketServer } from 'ws'; export const x = WebSocketServer;", 'renderer-no-node-packages'],
    ['renderer/board', "import Konva from 'konva'; export const x = Konva;", 'board-is-the-model'],
    ['renderer/board', "import { BoardView } from '../canvas/board-view'; export const x = BoardView;", 'board-is-the-model'],
    ['renderer/canvas', "import { PenTool } from '../tools/pen-tool'; export const x = PenTool;", 'canvas-draws-the-board'],
    ['renderer/tools', "import { connectBoard } from '../collab/connection'; export const x = connectBoard;", 'tools-write-the-board'],
    ['renderer/collab', "import { BoardView } from '../canvas/board-view'; export const x = BoardView;", 'collab-depends-on-board-only'],
  ])('%s: refuses %s', async (folder, source, rule) => {
    expect(await violationsOf(folder, source)).toContain(rule);
  });

  it.each([
    ['protocol', "import * as Y from 'yjs'; import * as encoding from 'lib0/encoding'; export const x = [Y, encoding];"],
    ['renderer', "import type { WhiteboardBridge } from '../main/bridge-api'; export type X = WhiteboardBridge;"],
    ['renderer/canvas', "import { Board } from '../board/board'; import Konva from 'konva'; export const x = [Board, Konva];"],
    ['sync-server', "import fs from 'node:fs'; import { CloseCode } from '../protocol/close-code'; export const x = [fs, CloseCode];"],
  ])('%s: allows %s', async (folder, source) => {
    expect(await violationsOf(folder, source)).toEqual([]);
  });
});
