/**
 * Dialogs and menus hold the keyboard. While one is open (the topmost, if several are):
 * - focus is inside it: it moves there when the layer opens, and Tab and Shift+Tab cycle through
 *   its controls without ever reaching the board behind it;
 * - Escape closes it, and focus goes back where it was before it opened;
 * - no board shortcut acts: a key pressed inside the layer stops at the layer (the board's
 *   listeners on the window never see it), and a key pressed anywhere else (focus left on the
 *   page's body when the dialog redrew its content, say) is swallowed and brings focus back in.
 *
 * One capture listener on the window does this for every layer, so a new dialog or menu gets it
 * by calling `holdKeyboard`, and the board asks `keyboardHeld()` before acting on anything that
 * does not come through a key (the desktop app's menu commands, clipboard events).
 */

export interface LayerOptions {
  /** Escape: close the layer (which releases it). */
  onEscape(): void;
  /** What gets focus when the layer opens; the first control when absent. */
  initialFocus?: () => HTMLElement | null;
}

interface Layer extends LayerOptions {
  element: HTMLElement;
  returnTo: HTMLElement | null;
  stopAtLayer: (event: KeyboardEvent) => void;
}

const stack: Layer[] = [];
let installed = false;

const FOCUSABLE = 'button:not(:disabled), [href], input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

/** The controls of a layer that Tab visits, in order. */
export function focusables(element: HTMLElement): HTMLElement[] {
  return [...element.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.getClientRects().length > 0 && !el.closest('[hidden], [inert]'));
}

function focusInto(layer: Layer): void {
  const target = layer.initialFocus?.() ?? focusables(layer.element)[0] ?? layer.element;
  if (target === layer.element && !layer.element.hasAttribute('tabindex')) layer.element.tabIndex = -1;
  target.focus();
}

function onKeyDown(event: KeyboardEvent): void {
  const top = stack[stack.length - 1];
  if (!top) return;
  const inside = event.target instanceof Node && top.element.contains(event.target);
  if (event.key === 'Escape') {
    event.preventDefault();
    event.stopImmediatePropagation();
    top.onEscape();
    return;
  }
  if (event.key === 'Tab') {
    event.preventDefault();
    event.stopImmediatePropagation();
    const controls = focusables(top.element);
    if (controls.length === 0) return;
    const at = controls.indexOf(document.activeElement as HTMLElement);
    const next = at === -1 ? (event.shiftKey ? controls.length - 1 : 0) : (at + (event.shiftKey ? -1 : 1) + controls.length) % controls.length;
    controls[next]?.focus();
    return;
  }
  if (!inside) {
    event.preventDefault();
    event.stopImmediatePropagation();
    focusInto(top);
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  window.addEventListener('keydown', onKeyDown, true);
}

/** Whether a dialog or menu holds the keyboard now. */
export function keyboardHeld(): boolean {
  return stack.length > 0;
}

/**
 * Gives `element` the keyboard until the returned function is called. `release(false)` leaves
 * focus where it is (a click elsewhere closed a menu: focus goes with the click).
 */
export function holdKeyboard(element: HTMLElement, options: LayerOptions): (restoreFocus?: boolean) => void {
  install();
  const active = document.activeElement;
  const layer: Layer = {
    ...options,
    element,
    returnTo: active instanceof HTMLElement && active !== document.body ? active : null,
    stopAtLayer: (event) => event.stopPropagation(),
  };
  element.addEventListener('keydown', layer.stopAtLayer);
  stack.push(layer);
  focusInto(layer);
  let released = false;
  return (restoreFocus = true) => {
    if (released) return;
    released = true;
    element.removeEventListener('keydown', layer.stopAtLayer);
    const at = stack.indexOf(layer);
    if (at !== -1) stack.splice(at, 1);
    const focusWasInside = element.contains(document.activeElement) || document.activeElement === document.body || document.activeElement === null;
    if (restoreFocus && focusWasInside && layer.returnTo?.isConnected) layer.returnTo.focus();
  };
}

/** Brings focus back into the top layer if it fell out of it (its content was redrawn). */
export function refocusLayer(element: HTMLElement): void {
  const top = stack[stack.length - 1];
  if (top?.element !== element || element.contains(document.activeElement)) return;
  focusInto(top);
}
