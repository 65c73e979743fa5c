/**
 * Undo one person's changes: pick a person and a version, and everything that person changed since (drew, moved,
 * typed, deleted) is taken out for everyone by the server, leaving everyone else's changes. The server saves the
 * board as it was first, so this too can be undone from the history.
 */
import type { HistoryAuthor, HistoryChangeResponse, VersionInfo } from '../../protocol/history';
import type { HistoryResult } from '../history/history-source';
import { openModal, resetDialog } from './dialog';
import { versionTime } from './history-panel';
import { showToast } from './toast';
import './history.css';

export interface RevertDialogOptions {
  /** Oldest first. */
  versions: readonly VersionInfo[];
  /** The version to start from; null: picked for the person. */
  since: number | null;
  person: string | null;
  /** Who is in the room now. */
  people: readonly HistoryAuthor[];
  me: HistoryAuthor;
  run(version: number, author: string): Promise<HistoryResult<HistoryChangeResponse>>;
}

/** The version before the person's latest stretch of changes: the natural "since" for undoing them. */
export function versionBefore(versions: readonly VersionInfo[], person: string): VersionInfo | null {
  let i = versions.length - 1;
  while (i > 0 && (versions[i] as VersionInfo).authors.some((author) => author.name === person)) i--;
  return versions[i] ?? null;
}

function label(version: VersionInfo): string {
  const when = `${new Date(version.at).toLocaleDateString()} ${versionTime(version.at)}`;
  return version.name ? `${version.name} (${when})` : when;
}

export function openRevertDialog(options: RevertDialogOptions): void {
  const dialog = document.createElement('dialog');
  dialog.className = 'share-dialog revert-dialog';
  resetDialog(dialog, 'revert-title', 'Undo one person\u2019s changes');
  const intro = document.createElement('p');
  intro.textContent =
    'Everything this person changed since the version you pick (what they drew, moved, typed or deleted) is taken out for everyone. Everyone else\u2019s changes stay. The board as it is now is saved as a version first, so you can go back.';
  const names = [...new Set([...options.versions.flatMap((v) => v.authors.map((a) => a.name)), ...options.people.map((p) => p.name)])].sort((a, b) => a.localeCompare(b));
  const person = document.createElement('select');
  person.id = 'revert-person';
  for (const name of names) person.append(new Option(name === options.me.name ? `${name} (you)` : name, name, false, name === options.person));
  const since = document.createElement('select');
  since.id = 'revert-since';
  for (const version of [...options.versions].reverse()) since.append(new Option(label(version), String(version.id)));
  const pickSince = (): void => {
    const chosen = options.since ?? versionBefore(options.versions, person.value)?.id;
    if (chosen !== undefined) since.value = String(chosen);
  };
  pickSince();
  person.addEventListener('change', () => options.since === null && pickSince());
  const field = (text: string, control: HTMLSelectElement): HTMLLabelElement => {
    const element = document.createElement('label');
    element.htmlFor = control.id;
    element.textContent = text;
    return element;
  };
  const problem = document.createElement('p');
  problem.className = 'share-error';
  problem.hidden = true;
  const footer = document.createElement('div');
  footer.className = 'share-footer';
  const cancel = document.createElement('button');
  cancel.type = 'button';
  cancel.className = 'secondary-button';
  cancel.textContent = 'Cancel';
  cancel.addEventListener('click', () => dialog.close());
  const confirm = document.createElement('button');
  confirm.type = 'button';
  confirm.className = 'danger';
  confirm.dataset.action = 'confirm-revert';
  const update = (): void => void (confirm.textContent = `Undo ${person.value}\u2019s changes`);
  person.addEventListener('change', update);
  update();
  confirm.addEventListener('click', () => {
    const who = person.value;
    const version = options.versions.find((v) => String(v.id) === since.value);
    if (!version) return;
    confirm.disabled = true;
    confirm.textContent = 'Undoing…';
    void options.run(version.id, who).then((result) => {
      confirm.disabled = false;
      update();
      if (!result.ok) {
        problem.hidden = false;
        problem.textContent = result.error;
        return;
      }
      dialog.close();
      const from = version.name ? `\u201c${version.name}\u201d` : versionTime(version.at);
      showToast(result.value.changed ? `Undid ${who}\u2019s changes since ${from}, for everyone.` : `${who} changed nothing since ${from}.`);
    });
  });
  footer.append(cancel, confirm);
  dialog.append(intro, field('Whose changes', person), person, field('Since', since), since, problem, footer);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  openModal(dialog);
}
