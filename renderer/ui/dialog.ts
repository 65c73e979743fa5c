/** Shared pieces of the app's modal dialogs. */
import { focusables, holdKeyboard, refocusLayer } from './keyboard-layer';

/** Empties `dialog` and gives it its heading (which labels it) and a Close button. */
export function resetDialog(dialog: HTMLDialogElement, headingId: string, heading: string): void {
  dialog.replaceChildren();
  dialog.setAttribute('aria-labelledby', headingId);
  const title = document.createElement('h2');
  title.id = headingId;
  title.textContent = heading;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'close';
  close.setAttribute('aria-label', 'Close');
  close.title = 'Close (Escape)';
  close.textContent = '×';
  close.addEventListener('click', () => dialog.close());
  dialog.append(title, close);
}

/**
 * Opens a dialog as a modal that holds the keyboard until it closes (keyboard-layer.ts): focus
 * goes to its first control other than Close, Tab stays inside, Escape closes it and focus goes
 * back where it was. A dialog that redraws its content (links that arrive) keeps the focus.
 */
export function openModal(dialog: HTMLDialogElement): void {
  if (dialog.open) {
    refocusLayer(dialog);
    return;
  }
  dialog.showModal();
  const release = holdKeyboard(dialog, {
    onEscape: () => dialog.close(),
    initialFocus: () => focusables(dialog).find((el) => !el.classList.contains('close')) ?? null,
  });
  const observer = new MutationObserver(() => refocusLayer(dialog));
  observer.observe(dialog, { childList: true, subtree: true });
  dialog.addEventListener(
    'close',
    () => {
      observer.disconnect();
      release();
    },
    { once: true },
  );
}
