/**
 * The bar over a version shown on the canvas: which version it is, what changed since (in the colours the canvas
 * outlines them with), and what can be done with it: Restore, Copy into the board, Export, or back to the board now.
 */
import type { ChangeKind } from '../history/version-diff';
import { CLOSE_ICON } from './history-panel';
import './history.css';

export interface PreviewBarState {
  title: string;
  subtitle: string;
  counts: Record<ChangeKind, number>;
  colors: Record<ChangeKind, string>;
  canEdit: boolean;
  copyLabel: string;
  copyEnabled: boolean;
}

export interface PreviewBarActions {
  restore(): void;
  copy(): void;
  export(format: 'png' | 'svg' | 'whiteboard'): void;
  back(): void;
}

const LEGEND: ReadonlyArray<[ChangeKind, string]> = [
  ['added', 'added since'],
  ['removed', 'removed since'],
  ['moved', 'moved'],
  ['changed', 'changed'],
];

export function createPreviewBar(actions: PreviewBarActions): { element: HTMLElement; render(state: PreviewBarState): void } {
  const element = document.createElement('div');
  element.className = 'history-preview-bar';
  element.setAttribute('role', 'region');
  element.setAttribute('aria-label', 'Version preview');
  const heading = document.createElement('div');
  heading.className = 'preview-heading';
  const legend = document.createElement('div');
  legend.className = 'preview-legend';
  const buttons = document.createElement('div');
  buttons.className = 'preview-actions';
  const make = (label: string, className: string, action: string, run: () => void): HTMLButtonElement => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = className;
    b.textContent = label;
    b.dataset.action = action;
    b.addEventListener('click', run);
    return b;
  };
  const restore = make('Restore this version', 'primary', 'restore', () => actions.restore());
  const copy = make('Copy', 'secondary-button', 'copy', () => actions.copy());
  const exportWrap = document.createElement('div');
  exportWrap.className = 'preview-export';
  const exportButton = make('Export ▾', 'secondary-button', 'export', () => (exportList.hidden = !exportList.hidden));
  const exportList = document.createElement('div');
  exportList.className = 'menu-list';
  exportList.setAttribute('role', 'menu');
  exportList.hidden = true;
  for (const [format, label] of [['png', 'PNG image'], ['svg', 'SVG image'], ['whiteboard', 'Whiteboard file (.whiteboard)']] as const) {
    const item = make(label, '', `export-${format}`, () => {
      exportList.hidden = true;
      actions.export(format);
    });
    item.setAttribute('role', 'menuitem');
    exportList.append(item);
  }
  exportWrap.append(exportButton, exportList);
  const back = make('', 'tool-button small', 'back', () => actions.back());
  back.innerHTML = CLOSE_ICON;
  back.title = 'Back to the board now (Esc)';
  back.setAttribute('aria-label', back.title);
  buttons.append(restore, copy, exportWrap, back);
  element.append(heading, legend, buttons);
  document.addEventListener('pointerdown', (event) => {
    if (!exportWrap.contains(event.target as Node)) exportList.hidden = true;
  });

  return {
    element,
    render(state) {
      heading.replaceChildren();
      const strong = document.createElement('strong');
      strong.textContent = state.title;
      heading.append(strong);
      const when = document.createElement('span');
      when.className = 'preview-when';
      when.textContent = state.subtitle;
      legend.replaceChildren(when);
      const total = Object.values(state.counts).reduce((sum, n) => sum + n, 0);
      if (total === 0) legend.append('· the board is the same now');
      for (const [kind, label] of LEGEND) {
        if (state.counts[kind] === 0) continue;
        const chip = document.createElement('span');
        chip.className = 'legend-chip';
        chip.dataset.kind = kind;
        chip.style.setProperty('--chip', state.colors[kind]);
        chip.textContent = `${state.counts[kind]} ${label}`;
        legend.append(chip);
      }
      restore.hidden = copy.hidden = !state.canEdit;
      restore.disabled = total === 0;
      copy.textContent = state.copyLabel;
      copy.disabled = !state.copyEnabled;
      copy.title = state.copyEnabled ? 'Copy these shapes of the version into the board, as new shapes' : 'Select shapes in this version (click, or drag around them) to copy them into the board';
    },
  };
}
