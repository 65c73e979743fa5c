/** Full-window screens shown instead of a board: errors, and the creation key prompt. */

function panel(root: HTMLElement, title: string, detail: string): HTMLElement {
  const element = document.createElement('div');
  element.className = 'screen';
  const heading = document.createElement('h1');
  heading.textContent = title;
  const text = document.createElement('p');
  text.textContent = detail;
  element.append(heading, text);
  root.replaceChildren(element);
  return element;
}

export function showErrorScreen(root: HTMLElement, title: string, detail: string): void {
  panel(root, title, detail).dataset.screen = 'error';
}

export function showBusyScreen(root: HTMLElement, title: string): void {
  panel(root, title, '').dataset.screen = 'busy';
}

/** Asks for the server's creation key; resolves with what the person typed. */
export function askForCreationKey(root: HTMLElement, problem: string | null): Promise<string> {
  const element = panel(
    root,
    'This server needs its creation key',
    'Whoever runs this sync server set a key for creating boards. Enter it to create one, or open an invite link you were sent.',
  );
  element.dataset.screen = 'create-key';
  const form = document.createElement('form');
  form.className = 'key-form';
  const input = document.createElement('input');
  input.type = 'password';
  input.autocomplete = 'off';
  input.placeholder = 'Creation key';
  input.required = true;
  input.setAttribute('aria-label', 'Creation key');
  const submit = document.createElement('button');
  submit.type = 'submit';
  submit.className = 'primary';
  submit.textContent = 'Create board';
  form.append(input, submit);
  if (problem) {
    const error = document.createElement('p');
    error.className = 'share-error';
    error.textContent = problem;
    element.append(error);
  }
  element.append(form);
  input.focus();
  return new Promise((resolve) => {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      resolve(input.value);
    });
  });
}
