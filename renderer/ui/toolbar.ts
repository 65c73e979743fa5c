/**
 * The floating toolbar: one button per tool (each carries `data-tool="<name>"`, a stable name
 * the shortcuts and tests rely on), and optionally colour swatches. It is one stop in the Tab
 * order (the chosen tool's button); the arrow keys, Home and End move between its buttons, as the
 * WAI-ARIA toolbar pattern has it.
 */
import type { ToolName } from '../tools/tool';

export interface ToolButton {
  name: ToolName;
  label: string;
  shortcut: string;
  /** A second key for the tool (its number, as in Excalidraw). */
  altShortcut?: string;
  icon: string;
  /** Set apart from the tools before it by a divider. */
  separated?: boolean;
  /** Stays usable on a view-only board (the laser pointer). */
  viewOnly?: boolean;
}

export interface ToolbarOptions {
  tools: readonly ToolButton[];
  /** Colour swatches in the toolbar itself (the style panel has the full set). */
  colors?: readonly string[];
  onTool: (name: ToolName) => void;
  onColor?: (color: string) => void;
}

export interface Toolbar {
  readonly element: HTMLElement;
  setActiveTool(name: ToolName): void;
  setActiveColor(color: string): void;
  /** Disables every tool (view-only boards). */
  setEnabled(enabled: boolean): void;
}

export function createToolbar(options: ToolbarOptions): Toolbar {
  const element = document.createElement('div');
  element.className = 'toolbar';
  element.setAttribute('role', 'toolbar');
  element.setAttribute('aria-label', 'Tools');

  const toolButtons = options.tools.map((tool) => {
    if (tool.separated) {
      const divider = document.createElement('span');
      divider.className = 'divider';
      element.append(divider);
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'tool-button';
    button.dataset.tool = tool.name;
    button.title = `${tool.label} (${tool.shortcut.toUpperCase()})`;
    button.setAttribute('aria-label', tool.label);
    button.setAttribute('aria-pressed', 'false');
    button.innerHTML = tool.icon;
    const key = document.createElement('span');
    key.className = 'shortcut';
    key.textContent = tool.shortcut;
    button.append(key);
    button.addEventListener('click', () => options.onTool(tool.name));
    element.append(button);
    return button;
  });

  const colors = options.colors ?? [];
  if (colors.length > 0) {
    const divider = document.createElement('span');
    divider.className = 'divider';
    element.append(divider);
  }

  const colorButtons = colors.map((color) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'color-swatch';
    button.dataset.color = color;
    button.style.setProperty('--swatch', color);
    button.title = `Colour ${color}`;
    button.setAttribute('aria-label', `Colour ${color}`);
    button.setAttribute('aria-pressed', 'false');
    button.addEventListener('click', () => options.onColor?.(color));
    element.append(button);
    return button;
  });

  let enabled = true;

  // Roving focus: one button is in the Tab order; the arrow keys move between the others.
  const focusable = (): HTMLButtonElement[] => [...toolButtons, ...colorButtons].filter((b) => !b.disabled);
  const rove = (to: HTMLButtonElement): void => {
    for (const b of [...toolButtons, ...colorButtons]) b.tabIndex = b === to ? 0 : -1;
  };
  element.addEventListener('keydown', (event) => {
    const buttons = focusable();
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (at === -1) return;
    const next = { ArrowRight: at + 1, ArrowDown: at + 1, ArrowLeft: at - 1, ArrowUp: at - 1, Home: 0, End: buttons.length - 1 }[event.key];
    if (next === undefined) return;
    event.preventDefault();
    const target = buttons[(next + buttons.length) % buttons.length] as HTMLButtonElement;
    rove(target);
    target.focus();
  });

  // Single-key shortcuts, except while typing into a field.
  window.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey) return;
    const target = event.target as HTMLElement | null;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.closest('dialog'))) return;
    const key = event.key.toLowerCase();
    const tool = options.tools.find((t) => t.shortcut === key || t.altShortcut === key);
    if (tool && (enabled || tool.viewOnly)) options.onTool(tool.name);
  });

  return {
    element,
    setActiveTool(name) {
      for (const button of toolButtons) button.setAttribute('aria-pressed', String(button.dataset.tool === name));
      const active = toolButtons.find((b) => b.dataset.tool === name);
      if (active && !element.contains(document.activeElement)) rove(active);
    },
    setActiveColor(color) {
      for (const button of colorButtons) button.setAttribute('aria-pressed', String(button.dataset.color === color));
    },
    setEnabled(next) {
      enabled = next;
      element.classList.toggle('disabled', !next);
      options.tools.forEach((tool, i) => ((toolButtons[i] as HTMLButtonElement).disabled = !next && !tool.viewOnly));
      for (const button of colorButtons) button.disabled = !next;
      // The stop in the Tab order must be a button that can take focus.
      if (!focusable().some((b) => b.tabIndex === 0)) {
        const first = focusable()[0];
        if (first) rove(first);
      }
    },
  };
}
