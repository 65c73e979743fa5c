/** Short messages at the bottom of the window that go away by themselves. */
const TOAST_VISIBLE_MS = 4_000;

export function showToast(message: string): void {
  let host = document.querySelector<HTMLElement>('.toasts');
  if (!host) {
    host = document.createElement('div');
    host.className = 'toasts';
    host.setAttribute('role', 'status');
    host.setAttribute('aria-live', 'polite');
    document.body.append(host);
  }
  const toast = document.createElement('div');
  toast.className = 'toast';
  toast.textContent = message;
  host.append(toast);
  setTimeout(() => toast.remove(), TOAST_VISIBLE_MS);
}
