/**
 * The style panel (left edge, as in Excalidraw): stroke colour, fill, line width and opacity for
 * new shapes and for the selection; how arrows and lines run (straight or elbow) and their
 * heads; align and distribute for a selection of several; stacking order, duplicate, delete,
 * group and lock for the selection. It shows when a drawing tool is active or something is
 * selected, and offers only what applies.
 */
import { TRANSPARENT } from '../../protocol/board-schema';
import type { Alignment, Distribution } from '../board/arrange';
import { FILL_COLORS, STROKE_COLORS, STROKE_WIDTHS, type ShapeStyle } from '../board/style';
import { SHORTCUTS } from '../tools/shortcut-list';
import { BACKWARD_ICON, DUPLICATE_ICON, FORWARD_ICON, TRASH_ICON } from './icons';
import { GROUP_ICON, LOCK_ICON, UNGROUP_ICON } from './icons-diagram';
import { alignSection, button, connectorSection, row, section, withKeys } from './style-panel-sections';

export const PanelAction = {
  Front: 'front',
  Forward: 'forward',
  Backward: 'backward',
  Back: 'back',
  Duplicate: 'duplicate',
  Delete: 'delete',
  Group: 'group',
  Ungroup: 'ungroup',
  Lock: 'lock',
} as const;
export type PanelAction = (typeof PanelAction)[keyof typeof PanelAction];

/** What is selected, as far as the panel's sections care. */
export interface PanelContext {
  /** Something is selected (layers and actions apply). */
  selection: boolean;
  /** Arrows or lines are selected or being drawn (route and heads apply). */
  connector: boolean;
  /** Arrowheads apply (not while drawing lines, which have none). */
  heads: boolean;
  /** Shapes or groups that move as one: 2 can be aligned, 3 distributed. */
  units: number;
  grouped: boolean;
  /** Every selected shape is locked. */
  locked: boolean;
}

export interface StylePanelOptions {
  onStyle(change: Partial<ShapeStyle>): void;
  onAction(action: PanelAction): void;
  onAlign(how: Alignment): void;
  onDistribute(how: Distribution): void;
}

export interface StylePanel {
  readonly element: HTMLElement;
  show(style: ShapeStyle, context: PanelContext): void;
  hide(): void;
}

export function createStylePanel(options: StylePanelOptions): StylePanel {
  const element = document.createElement('div');
  element.className = 'style-panel';
  element.setAttribute('role', 'region');
  element.setAttribute('aria-label', 'Style');
  element.hidden = true;

  const swatchRow = (title: string, key: 'color' | 'fill', values: readonly string[]): HTMLButtonElement[] => {
    const s = section(title);
    const buttons = values.map((value) => {
      const b = button('swatch', `${title} ${value}`, '', () => options.onStyle({ [key]: value }));
      b.dataset[key] = value;
      if (value === TRANSPARENT) b.classList.add('transparent');
      else b.style.setProperty('--swatch', value);
      return b;
    });
    s.append(row(...buttons));
    element.append(s);
    return buttons;
  };
  const colorButtons = swatchRow('Stroke', 'color', STROKE_COLORS);
  const fillButtons = swatchRow('Fill', 'fill', FILL_COLORS);

  const widthSection = section('Stroke width');
  const widthButtons = STROKE_WIDTHS.map((width) => {
    const b = button('panel-button', `Width ${width}`, `<span class="width-sample" style="height:${Math.min(10, 1 + width * 0.6)}px"></span>`, () => options.onStyle({ width }));
    b.dataset.width = String(width);
    return b;
  });
  widthSection.append(row(...widthButtons));
  element.append(widthSection);

  const opacitySection = section('Opacity');
  const opacity = document.createElement('input');
  opacity.type = 'range';
  opacity.min = '10';
  opacity.max = '100';
  opacity.step = '10';
  opacity.className = 'opacity-slider';
  opacity.setAttribute('aria-label', 'Opacity');
  opacity.addEventListener('change', () => options.onStyle({ opacity: Number(opacity.value) / 100 }));
  opacitySection.append(opacity);
  element.append(opacitySection);

  let current: ShapeStyle | null = null;
  const connector = connectorSection(options.onStyle, () => current);
  const align = alignSection(options.onAlign, options.onDistribute);
  element.append(connector.element, align.element);

  const action = (name: PanelAction, label: string, icon: string): HTMLButtonElement => {
    const b = button('panel-button', label, icon, () => options.onAction(name));
    b.dataset.action = name;
    return b;
  };
  const layers = section('Layers');
  layers.append(
    row(
      action(PanelAction.Back, withKeys('Send to back', SHORTCUTS.sendToBack.keys), `<span class="flip">${FORWARD_ICON}</span>`),
      action(PanelAction.Backward, withKeys('Send backward', SHORTCUTS.sendBackward.keys), BACKWARD_ICON),
      action(PanelAction.Forward, withKeys('Bring forward', SHORTCUTS.bringForward.keys), FORWARD_ICON),
      action(PanelAction.Front, withKeys('Bring to front', SHORTCUTS.bringToFront.keys), `<span class="double">${FORWARD_ICON}</span>`),
    ),
  );
  const actions = section('Actions');
  const groupButton = action(PanelAction.Group, withKeys('Group', SHORTCUTS.group.keys), GROUP_ICON);
  const ungroupButton = action(PanelAction.Ungroup, withKeys('Ungroup', SHORTCUTS.ungroup.keys), UNGROUP_ICON);
  const lockButton = action(PanelAction.Lock, withKeys('Lock', SHORTCUTS.lock.keys), LOCK_ICON);
  actions.append(
    row(
      action(PanelAction.Duplicate, withKeys('Duplicate', SHORTCUTS.duplicate.keys), DUPLICATE_ICON),
      action(PanelAction.Delete, withKeys('Delete', 'Delete'), TRASH_ICON),
      groupButton,
      lockButton,
    ),
    row(ungroupButton),
  );
  element.append(layers, actions);

  const press = (buttons: HTMLButtonElement[], pressed: (b: HTMLButtonElement) => boolean): void => {
    for (const b of buttons) b.setAttribute('aria-pressed', String(pressed(b)));
  };

  return {
    element,
    show(style, context) {
      current = style;
      element.hidden = false;
      press(colorButtons, (b) => b.dataset.color === style.color);
      press(fillButtons, (b) => b.dataset.fill === style.fill);
      press(widthButtons, (b) => Number(b.dataset.width) === style.width);
      connector.show(style, context.heads);
      if (document.activeElement !== opacity) opacity.value = String(Math.round(style.opacity * 100));
      connector.element.hidden = !context.connector;
      align.show(context.units);
      layers.hidden = !context.selection;
      actions.hidden = !context.selection;
      groupButton.hidden = context.units < 2;
      ungroupButton.parentElement?.toggleAttribute('hidden', !context.grouped);
      lockButton.setAttribute('aria-pressed', String(context.locked));
      lockButton.title = context.locked ? withKeys('Unlock', SHORTCUTS.lock.keys) : withKeys('Lock', SHORTCUTS.lock.keys);
      lockButton.setAttribute('aria-label', context.locked ? 'Unlock' : 'Lock');
    },
    hide() {
      element.hidden = true;
    },
  };
}
