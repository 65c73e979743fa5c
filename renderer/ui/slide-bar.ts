/**
 * The bar shown while presenting frames as slides (bottom centre): previous and next, which
 * slide of how many and its name (announced to screen readers as it changes), bringing everyone
 * along (in a room), and Exit.
 */
import { svg } from './icons';

const PREV_ICON = svg('<path d="M15 5l-7 7 7 7"/>');
const NEXT_ICON = svg('<path d="M9 5l7 7-7 7"/>');
export const SPOTLIGHT_ICON = svg('<path d="M4 10v4h3l6 4V6L7 10z"/><path d="M16.5 9.5a3.5 3.5 0 0 1 0 5M19 7a7 7 0 0 1 0 10"/>');

/** Bringing everyone along: available in a room, not on a board nobody else can join. */
export interface SlideSpotlight {
  available(): boolean;
  active(): boolean;
  toggle(): void;
}

export interface SlideBarOptions {
  onStep(by: number): void;
  onExit(): void;
  spotlight: SlideSpotlight;
}

export interface SlideBar {
  readonly element: HTMLElement;
  show(position: number, count: number, name: string): void;
  hide(): void;
  focus(): void;
}

export function createSlideBar(options: SlideBarOptions): SlideBar {
  const element = document.createElement('div');
  element.className = 'slide-bar';
  element.setAttribute('role', 'toolbar');
  element.setAttribute('aria-label', 'Slides');
  element.hidden = true;
  const button = (label: string, html: string, onClick: () => void, className = 'tool-button small'): HTMLButtonElement => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = className;
    b.title = label;
    b.setAttribute('aria-label', label);
    b.innerHTML = html;
    b.addEventListener('click', onClick);
    return b;
  };
  const prev = button('Previous slide (Left)', PREV_ICON, () => options.onStep(-1));
  prev.dataset.action = 'slide-previous';
  const next = button('Next slide (Right)', NEXT_ICON, () => options.onStep(1));
  next.dataset.action = 'slide-next';
  const position = document.createElement('span');
  position.className = 'slide-position';
  position.setAttribute('role', 'status');
  position.setAttribute('aria-live', 'polite');
  element.append(prev, position, next);
  const { spotlight } = options;
  const bring = button('Bring everyone to me', `${SPOTLIGHT_ICON}<span>Bring everyone</span>`, () => {
    spotlight.toggle();
    bring.setAttribute('aria-pressed', String(spotlight.active()));
  }, 'slide-spotlight');
  bring.dataset.action = 'slide-spotlight';
  element.append(bring);
  const exit = button('End the presentation (Escape)', 'Exit', () => options.onExit(), 'slide-exit');
  element.append(exit);

  return {
    element,
    show(at, count, name) {
      element.hidden = false;
      position.textContent = `${at} / ${count} · ${name}`;
      prev.disabled = at <= 1;
      next.disabled = at >= count;
      bring.hidden = !spotlight.available();
      bring.setAttribute('aria-pressed', String(spotlight.active()));
    },
    hide() {
      element.hidden = true;
    },
    focus() {
      // Keys go to the slideshow wherever focus is; the bar takes it so Tab reaches its buttons.
      if (!element.contains(document.activeElement)) (next.disabled ? exit : next).focus({ preventScroll: true });
    },
  };
}
