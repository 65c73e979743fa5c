/** A full-window message for when the board cannot be opened at all. */
export function showErrorScreen(root: HTMLElement, title: string, detail: string): void {
  const panel = document.createElement('div');
  panel.className = 'error-screen';
  const heading = document.createElement('h1');
  heading.textContent = title;
  const text = document.createElement('p');
  text.textContent = detail;
  panel.append(heading, text);
  root.replaceChildren(panel);
}
