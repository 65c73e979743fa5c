/** Shared pieces of the app's modal dialogs. */

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
  close.textContent = '×';
  close.addEventListener('click', () => dialog.close());
  dialog.append(title, close);
}
