/**
 * The Frames navigator (top left, beside the board menu): every frame on the board by name, in
 * the order they were made; clicking one zooms to it, and each can be exported on its own as
 * PNG or SVG. It follows the board while open (a peer's new or renamed frame shows at once).
 */
import { FRAMES_ICON } from './icons-diagram';
import { bindPopup } from './popup';

export interface FrameEntry {
  id: string;
  name: string;
}

export interface FramesPanelOptions {
  frames(): FrameEntry[];
  onZoom(id: string): void;
  onExport(id: string, format: 'png' | 'svg'): void;
  /** Presents the frames as slides, starting from this one. */
  onPresent(id: string): void;
}

export interface FramesPanel {
  readonly element: HTMLElement;
  /** The board changed: redraw the list if it is open. */
  refresh(): void;
}

export function createFramesPanel(options: FramesPanelOptions): FramesPanel {
  const element = document.createElement('div');
  element.className = 'frames-nav';
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'tool-button';
  toggle.innerHTML = FRAMES_ICON;
  toggle.title = 'Frames';
  toggle.setAttribute('aria-label', 'Frames');
  const list = document.createElement('div');
  list.className = 'menu-list frames-list';
  list.setAttribute('role', 'menu');
  list.setAttribute('aria-label', 'Frames');

  const render = (): void => {
    const frames = options.frames();
    list.replaceChildren();
    const title = document.createElement('div');
    title.className = 'frames-title';
    title.textContent = frames.length === 0 ? 'No frames yet' : `Frames (${frames.length})`;
    list.append(title);
    if (frames.length > 0) {
      const present = document.createElement('button');
      present.type = 'button';
      present.className = 'frames-present';
      present.setAttribute('role', 'menuitem');
      present.dataset.action = 'present';
      present.textContent = 'Present as slides';
      present.title = 'Present the frames as slides, from the first (Shift+P starts from the one in view)';
      present.addEventListener('click', () => {
        popup.close();
        options.onPresent((frames[0] as FrameEntry).id);
      });
      list.append(present);
    }
    if (frames.length === 0) {
      const hint = document.createElement('p');
      hint.className = 'frames-hint';
      hint.textContent = 'Draw one with the Frame tool (F) to name a part of the board and come back to it from here.';
      list.append(hint);
      return;
    }
    for (const frame of frames) {
      const item = document.createElement('div');
      item.className = 'frame-item';
      const go = document.createElement('button');
      go.type = 'button';
      go.setAttribute('role', 'menuitem');
      go.dataset.frame = frame.id;
      go.textContent = frame.name.trim() === '' ? 'Frame' : frame.name;
      go.title = `Zoom to ${go.textContent}`;
      go.addEventListener('click', () => {
        popup.close();
        options.onZoom(frame.id);
      });
      const exporter = (format: 'png' | 'svg'): HTMLButtonElement => {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'frame-export';
        b.dataset.frameExport = `${frame.id}-${format}`;
        b.textContent = format.toUpperCase();
        b.title = `Export ${go.textContent} as ${format.toUpperCase()}`;
        b.setAttribute('aria-label', b.title);
        b.setAttribute('role', 'menuitem');
        b.addEventListener('click', () => {
          popup.close();
          options.onExport(frame.id, format);
        });
        return b;
      };
      item.append(go, exporter('png'), exporter('svg'));
      list.append(item);
    }
  };

  const popup = bindPopup(element, toggle, list, render);
  element.append(toggle, list);
  return {
    element,
    refresh() {
      if (popup.isOpen) render();
    },
  };
}
