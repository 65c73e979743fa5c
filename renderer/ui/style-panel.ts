/**
 * The style panel (left edge, as in Excalidraw): stroke colour, fill, line width and opacity for
 * new shapes and for the selection, plus stacking order and duplicate/delete for the selection.
 * It shows when a drawing tool is active or something is selected.
 */
import { TRANSPARENT } from '../../protocol/board-schema';
import { FILL_COLORS, STROKE_COLORS, STROKE_WIDTHS, type ShapeStyle } from '../board/style';
import { BACKWARD_ICON, DUPLICATE_ICON, FORWARD_ICON, TRASH_ICON } from './icons';

export const PanelAction = {
  Front: 'front',
  Forward: 'forward',
  Backward: 'backward',
  Back: 'back',
  Duplicate: 'duplicate',
  Delete: 'delete',
} as const;
export type PanelAction = (typeof PanelAction)[keyof typeof PanelAction];

export interface StylePanelOptions {
  onStyle(change: Partial<ShapeStyle>): void;
  onAction(action: PanelAction): void;
}

export interface StylePanel {
  readonly element: HTMLElement;
  /** Shows these values; `selection`: whether the layer and action rows apply. */
  show(style: ShapeStyle, selection: boolean): void;
  hide(): void;
}

function section(title: string): HTMLElement {
  const element = document.createElement('div');
  element.className = 'panel-section';
  const label = document.createElement('div');
  label.className = 'panel-label';
  label.textContent = title;
  element.append(label);
  return element;
}

function button(className: string, label: string, html: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = className;
  b.title = label;
  b.setAttribute('aria-label', label);
  b.innerHTML = html;
  b.addEventListener('click', onClick);
  return b;
}

export function createStylePanel(options: StylePanelOptions): StylePanel {
  const element = document.createElement('div');
  element.className = 'style-panel';
  element.setAttribute('role', 'region');
  element.setAttribute('aria-label', 'Style');
  element.hidden = true;

  const swatchRow = (title: string, key: 'color' | 'fill', values: readonly string[]): HTMLButtonElement[] => {
    const s = section(title);
    const row = document.createElement('div');
    row.className = 'panel-row';
    const buttons = values.map((value) => {
      const b = button('swatch', `${title} ${value}`, '', () => options.onStyle({ [key]: value }));
      b.dataset[key] = value;
      if (value === TRANSPARENT) b.classList.add('transparent');
      else b.style.setProperty('--swatch', value);
      return b;
    });
    row.append(...buttons);
    s.append(row);
    element.append(s);
    return buttons;
  };
  const colorButtons = swatchRow('Stroke', 'color', STROKE_COLORS);
  const fillButtons = swatchRow('Fill', 'fill', FILL_COLORS);

  const widthSection = section('Stroke width');
  const widthRow = document.createElement('div');
  widthRow.className = 'panel-row';
  const widthButtons = STROKE_WIDTHS.map((width) => {
    const b = button('panel-button', `Width ${width}`, `<span class="width-sample" style="height:${Math.min(10, 1 + width * 0.6)}px"></span>`, () => options.onStyle({ width }));
    b.dataset.width = String(width);
    return b;
  });
  widthRow.append(...widthButtons);
  widthSection.append(widthRow);
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

  const layers = section('Layers');
  const layerRow = document.createElement('div');
  layerRow.className = 'panel-row';
  const action = (name: PanelAction, label: string, icon: string): HTMLButtonElement => {
    const b = button('panel-button', label, icon, () => options.onAction(name));
    b.dataset.action = name;
    return b;
  };
  layerRow.append(
    action(PanelAction.Back, 'Send to back (Shift+[)', `<span class="flip">${FORWARD_ICON}</span>`),
    action(PanelAction.Backward, 'Send backward ([)', BACKWARD_ICON),
    action(PanelAction.Forward, 'Bring forward (])', FORWARD_ICON),
    action(PanelAction.Front, 'Bring to front (Shift+])', `<span class="double">${FORWARD_ICON}</span>`),
  );
  layers.append(layerRow);
  const actions = section('Actions');
  const actionRow = document.createElement('div');
  actionRow.className = 'panel-row';
  actionRow.append(action(PanelAction.Duplicate, 'Duplicate (Ctrl+D)', DUPLICATE_ICON), action(PanelAction.Delete, 'Delete (Delete)', TRASH_ICON));
  actions.append(actionRow);
  element.append(layers, actions);

  const press = (buttons: HTMLButtonElement[], pressed: (b: HTMLButtonElement) => boolean): void => {
    for (const b of buttons) b.setAttribute('aria-pressed', String(pressed(b)));
  };

  return {
    element,
    show(style, selection) {
      element.hidden = false;
      press(colorButtons, (b) => b.dataset.color === style.color);
      press(fillButtons, (b) => b.dataset.fill === style.fill);
      press(widthButtons, (b) => Number(b.dataset.width) === style.width);
      if (document.activeElement !== opacity) opacity.value = String(Math.round(style.opacity * 100));
      layers.hidden = !selection;
      actions.hidden = !selection;
    },
    hide() {
      element.hidden = true;
    },
  };
}
