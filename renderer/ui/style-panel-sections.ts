/**
 * The style panel's building blocks, and its sections for connectors (straight or elbow, heads)
 * and for arranging several shapes (align and distribute).
 */
import { ArrowHead, ConnectorRoute } from '../../protocol/board-schema';
import { Alignment, Distribution } from '../board/arrange';
import type { ShapeStyle } from '../board/style';
import { SHORTCUTS } from '../tools/shortcut-list';
import {
  ALIGN_BOTTOM_ICON,
  ALIGN_CENTRE_ICON,
  ALIGN_LEFT_ICON,
  ALIGN_MIDDLE_ICON,
  ALIGN_RIGHT_ICON,
  ALIGN_TOP_ICON,
  DISTRIBUTE_H_ICON,
  DISTRIBUTE_V_ICON,
  ELBOW_ICON,
  HEAD_END_ICON,
  HEAD_START_ICON,
  STRAIGHT_ICON,
} from './icons-diagram';

export function section(title: string): HTMLElement {
  const element = document.createElement('div');
  element.className = 'panel-section';
  const label = document.createElement('div');
  label.className = 'panel-label';
  label.textContent = title;
  element.append(label);
  return element;
}

export function button(className: string, label: string, html: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.title = label;
  b.setAttribute('aria-label', label);
  b.innerHTML = html;
  b.addEventListener('click', onClick);
  return b;
}

export function row(...children: HTMLElement[]): HTMLElement {
  const element = document.createElement('div');
  element.className = 'panel-row';
  element.append(...children);
  return element;
}

export const withKeys = (label: string, keys?: string): string => (keys ? `${label} (${keys})` : label);

/** How arrows and lines run, and their heads: for new ones and the selected ones. */
export function connectorSection(onStyle: (change: Partial<ShapeStyle>) => void, current: () => ShapeStyle | null): { element: HTMLElement; show(style: ShapeStyle, heads: boolean): void } {
  const element = section('Arrow');
  const straight = button('panel-button', 'Straight', STRAIGHT_ICON, () => onStyle({ route: ConnectorRoute.Straight }));
  const elbow = button('panel-button', 'Elbow', ELBOW_ICON, () => onStyle({ route: ConnectorRoute.Elbow }));
  straight.dataset.route = ConnectorRoute.Straight;
  elbow.dataset.route = ConnectorRoute.Elbow;
  const toggle = (head: ArrowHead | undefined): ArrowHead => (head === ArrowHead.Arrow ? ArrowHead.None : ArrowHead.Arrow);
  const startHead = button('panel-button', 'Arrowhead at the start', HEAD_START_ICON, () => onStyle({ startHead: toggle(current()?.startHead) }));
  const endHead = button('panel-button', 'Arrowhead at the end', HEAD_END_ICON, () => onStyle({ endHead: toggle(current()?.endHead) }));
  startHead.dataset.head = 'start';
  endHead.dataset.head = 'end';
  element.append(row(straight, elbow, startHead, endHead));
  return {
    element,
    show(style, heads) {
      for (const b of [straight, elbow]) b.setAttribute('aria-pressed', String(b.dataset.route === style.route));
      startHead.hidden = !heads;
      endHead.hidden = !heads;
      startHead.setAttribute('aria-pressed', String(style.startHead === ArrowHead.Arrow));
      endHead.setAttribute('aria-pressed', String(style.endHead === ArrowHead.Arrow));
    },
  };
}

/** Align (two or more shapes or groups) and distribute (three or more). */
export function alignSection(onAlign: (how: Alignment) => void, onDistribute: (how: Distribution) => void): { element: HTMLElement; show(units: number): void } {
  const element = section('Align');
  const alignButton = (how: Alignment, label: string, icon: string, keys?: string): HTMLButtonElement => {
    const b = button('panel-button', withKeys(label, keys), icon, () => onAlign(how));
    b.dataset.align = how;
    return b;
  };
  const distributeButton = (how: Distribution, label: string, icon: string): HTMLButtonElement => {
    const b = button('panel-button', label, icon, () => onDistribute(how));
    b.dataset.distribute = how;
    return b;
  };
  const horizontal = distributeButton(Distribution.Horizontal, 'Distribute horizontally', DISTRIBUTE_H_ICON);
  const vertical = distributeButton(Distribution.Vertical, 'Distribute vertically', DISTRIBUTE_V_ICON);
  element.append(
    row(
      alignButton(Alignment.Left, 'Align left', ALIGN_LEFT_ICON, SHORTCUTS.alignLeft.keys),
      alignButton(Alignment.Centre, 'Align centres horizontally', ALIGN_CENTRE_ICON),
      alignButton(Alignment.Right, 'Align right', ALIGN_RIGHT_ICON, SHORTCUTS.alignRight.keys),
      horizontal,
    ),
    row(
      alignButton(Alignment.Top, 'Align top', ALIGN_TOP_ICON, SHORTCUTS.alignTop.keys),
      alignButton(Alignment.Middle, 'Align centres vertically', ALIGN_MIDDLE_ICON),
      alignButton(Alignment.Bottom, 'Align bottom', ALIGN_BOTTOM_ICON, SHORTCUTS.alignBottom.keys),
      vertical,
    ),
  );
  return {
    element,
    show(units) {
      element.hidden = units < 2;
      horizontal.disabled = units < 3;
      vertical.disabled = units < 3;
    },
  };
}
