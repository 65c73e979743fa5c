/** Says things to screen readers without showing them: a visually hidden polite live region. */

export interface Announcer {
  readonly element: HTMLElement;
  say(message: string): void;
}

export function createAnnouncer(): Announcer {
  const element = document.createElement('div');
  element.className = 'visually-hidden';
  element.setAttribute('role', 'status');
  element.setAttribute('aria-live', 'polite');
  element.dataset.announcer = '';
  return {
    element,
    say(message) {
      // The same words twice in a row are announced again only if the text changes: clear first.
      element.textContent = '';
      requestAnimationFrame(() => (element.textContent = message));
    },
  };
}
