/** Bottom-right controls: undo and redo, zoom out, the zoom level (click for 100%), zoom in, fit. */
import { FIT_ICON, REDO_ICON, UNDO_ICON, ZOOM_IN_ICON, ZOOM_OUT_ICON } from './icons';

export interface ZoomControlsOptions {
  onUndo(): void;
  onRedo(): void;
  onZoomIn(): void;
  onZoomOut(): void;
  onReset(): void;
  onFit(): void;
}

export interface ZoomControls {
  readonly element: HTMLElement;
  setZoom(scale: number): void;
  setHistory(canUndo: boolean, canRedo: boolean): void;
  setEditable(editable: boolean): void;
}

export function createZoomControls(options: ZoomControlsOptions): ZoomControls {
  const element = document.createElement('div');
  element.className = 'zoom-controls';
  const make = (action: string, label: string, html: string, onClick: () => void): HTMLButtonElement => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'tool-button small';
    b.dataset.action = action;
    b.title = label;
    b.setAttribute('aria-label', label);
    b.innerHTML = html;
    b.addEventListener('click', onClick);
    return b;
  };
  const undo = make('undo', 'Undo (Ctrl+Z)', UNDO_ICON, options.onUndo);
  const redo = make('redo', 'Redo (Ctrl+Shift+Z)', REDO_ICON, options.onRedo);
  const history = document.createElement('div');
  history.className = 'control-group';
  history.append(undo, redo);
  const level = make('zoom-reset', 'Zoom to 100% (Shift+0)', '100%', options.onReset);
  level.classList.add('zoom-level');
  const zoom = document.createElement('div');
  zoom.className = 'control-group';
  zoom.append(
    make('zoom-out', 'Zoom out (Ctrl+-)', ZOOM_OUT_ICON, options.onZoomOut),
    level,
    make('zoom-in', 'Zoom in (Ctrl+=)', ZOOM_IN_ICON, options.onZoomIn),
    make('zoom-fit', 'Zoom to fit (Shift+1)', FIT_ICON, options.onFit),
  );
  element.append(history, zoom);
  return {
    element,
    setZoom(scale) {
      level.textContent = `${Math.round(scale * 100)}%`;
    },
    setHistory(canUndo, canRedo) {
      undo.disabled = !canUndo;
      redo.disabled = !canRedo;
    },
    setEditable(editable) {
      history.hidden = !editable;
    },
  };
}
