/**
 * Wires the renderer together: the board document, its canvas, the tools, the connection to
 * the room, and the chrome around them.
 */
import './styles.css';
import * as Y from 'yjs';
import { Board } from './board/board';
import { desktopBridge } from './bridge';
import { BoardView } from './canvas/board-view';
import { connectBoard } from './collab/connection';
import { resolveRoomAddress } from './room-address';
import { PenTool } from './tools/pen-tool';
import { PointerInput } from './tools/pointer-input';
import { ToolName } from './tools/tool';
import { showErrorScreen } from './ui/error-screen';
import { PEN_ICON } from './ui/icons';
import { createStatusBadge } from './ui/status-badge';
import { createToolbar } from './ui/toolbar';

const PEN_COLORS = ['#1f2328', '#e03131', '#2f9e44', '#1971c2', '#f08c00'] as const;
const PEN_WIDTH = 5;

async function start(): Promise<void> {
  const root = document.getElementById('app') as HTMLElement;
  const container = document.getElementById('canvas') as HTMLDivElement;
  const bridge = desktopBridge();
  const defaultServer = bridge ? await bridge.defaultServerUrl() : null;
  const resolved = resolveRoomAddress(window.location, defaultServer);
  if (!resolved.ok) {
    showErrorScreen(root, 'This board link does not work', resolved.error);
    return;
  }
  const { serverUrl, room, isNew } = resolved.address;
  if (isNew) history.replaceState(null, '', `/r/${encodeURIComponent(room)}${window.location.search}`);
  document.title = `Whiteboard — ${room}`;

  const doc = new Y.Doc();
  const board = new Board(doc);
  const view = new BoardView(container, board);

  let color: string = PEN_COLORS[0];
  const pen = new PenTool(board, () => ({ color, width: PEN_WIDTH }));
  const input = new PointerInput(view, pen);

  const toolbar = createToolbar({
    tools: [{ name: ToolName.Pen, label: 'Pen', shortcut: 'p', icon: PEN_ICON }],
    colors: PEN_COLORS,
    onTool: (name) => {
      if (name === ToolName.Pen) input.setTool(pen);
      toolbar.setActiveTool(name);
    },
    onColor: (next) => {
      color = next;
      toolbar.setActiveColor(next);
    },
  });
  toolbar.setActiveTool(ToolName.Pen);
  toolbar.setActiveColor(color);

  const connection = connectBoard(board, serverUrl, room);
  const status = createStatusBadge(room);
  connection.onStatus((next) => status.set(next));
  root.append(toolbar.element, status.element);

  // A handle for end-to-end tests and for poking at a board from the devtools console.
  Object.assign(window, { whiteboardDebug: { doc, board, view, connection } });
}

void start();
