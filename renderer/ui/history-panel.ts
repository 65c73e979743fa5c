/**
 * The History panel (right side): the board now, then every version newest first, grouped by day, each with its
 * thumbnail, time, name and who changed the board since the version before. Naming the board as it is now, Replay,
 * and undoing one person's changes sit in its header; where history is kept, and its limits, in its footer. This is
 * the view: history/history-controller.ts decides what it shows.
 */
import type { HistoryAuthor, VersionInfo } from '../../protocol/history';
import { svg } from './icons';
import './history.css';

export const CLOSE_ICON = svg('<path d="M6 6l12 12M18 6L6 18"/>');
export const PLAY_ICON = svg('<path d="M8 5.5v13l10-6.5z" fill="currentColor"/>');
const TAG_ICON = svg('<path d="M3.5 12.5V4.5a1 1 0 0 1 1-1h8l8 8-9 9z"/><circle cx="8" cy="8" r="1.3"/>');
const PERSON_UNDO_ICON = svg('<circle cx="9" cy="8" r="3.5"/><path d="M3 20c.6-3.4 3-5.5 6-5.5 1.4 0 2.6.4 3.6 1.1"/><path d="M15 14l-2 2 2 2"/><path d="M13 16h5a2.5 2.5 0 0 1 0 5h-1"/>');

export interface HistoryPanelState {
  loading: boolean;
  error: string | null;
  /** Oldest first. */
  versions: readonly VersionInfo[];
  /** Whether the board changed since the newest version. */
  changedSince: boolean;
  selected: number | null;
  canEdit: boolean;
  canRevert: boolean;
  footer: string;
  /** Set when older versions were forgotten: says why, in words. */
  pruned: string | null;
}

export interface HistoryPanelActions {
  select(id: number | null): void;
  close(): void;
  /** Names the board as it is now; resolves to an error message, or null. */
  name(name: string): Promise<string | null>;
  replay(): void;
  revert(since: number | null): void;
  thumbnail(id: number): HTMLElement;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long' });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const fullFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

export function versionTime(at: number): string {
  return timeFormat.format(at);
}

function dayLabel(at: number, now = new Date()): string {
  const day = new Date(at).toDateString();
  if (day === now.toDateString()) return 'Today';
  if (day === new Date(now.getTime() - 86_400_000).toDateString()) return 'Yesterday';
  return dayFormat.format(at);
}

function button(className: string, label: string, icon: string | null, run: () => void): HTMLButtonElement {
  const element = document.createElement('button');
  element.type = 'button';
  element.className = className;
  element.innerHTML = icon ?? '';
  element.append(label);
  element.addEventListener('click', run);
  return element;
}

export function authorsLine(authors: readonly HistoryAuthor[]): HTMLElement {
  const line = document.createElement('span');
  line.className = 'history-authors';
  if (authors.length === 0) line.textContent = 'No one named';
  for (const author of authors) {
    const who = document.createElement('span');
    who.className = 'history-author';
    who.style.setProperty('--author', author.color || '#94a3b8');
    who.textContent = author.name;
    line.append(who);
  }
  return line;
}

export function createHistoryPanel(actions: HistoryPanelActions): { element: HTMLElement; render(state: HistoryPanelState): void } {
  const element = document.createElement('aside');
  element.className = 'history-panel';
  element.setAttribute('aria-label', 'Version history');
  const header = document.createElement('header');
  const title = document.createElement('h2');
  title.textContent = 'Version history';
  const close = button('tool-button small', '', CLOSE_ICON, () => actions.close());
  close.title = 'Close (Esc)';
  close.setAttribute('aria-label', 'Close version history');
  header.append(title, close);
  const tools = document.createElement('div');
  tools.className = 'history-tools';
  const nameButton = button('secondary-button', 'Name this version', TAG_ICON, () => openNaming());
  nameButton.dataset.action = 'name';
  const replayButton = button('secondary-button', 'Replay', PLAY_ICON, () => actions.replay());
  replayButton.dataset.action = 'replay';
  const revertButton = button('secondary-button icon-only', '', PERSON_UNDO_ICON, () => actions.revert(null));
  revertButton.dataset.action = 'revert';
  revertButton.title = 'Undo one person\u2019s changes…';
  revertButton.setAttribute('aria-label', revertButton.title);
  tools.append(nameButton, replayButton, revertButton);
  const naming = document.createElement('form');
  naming.className = 'history-naming';
  naming.hidden = true;
  const input = document.createElement('input');
  input.type = 'text';
  input.maxLength = 100;
  input.placeholder = 'e.g. Before the client review';
  input.setAttribute('aria-label', 'Version name');
  const save = document.createElement('button');
  save.type = 'submit';
  save.className = 'primary';
  save.textContent = 'Save';
  const problem = document.createElement('p');
  problem.className = 'history-error';
  naming.append(input, save, problem);
  const list = document.createElement('ol');
  list.className = 'history-list';
  const footer = document.createElement('footer');
  element.append(header, tools, naming, list, footer);
  element.hidden = true;

  const openNaming = (): void => {
    naming.hidden = false;
    problem.textContent = '';
    input.value = '';
    input.focus();
  };
  naming.addEventListener('submit', (event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (name === '') return input.focus();
    save.disabled = true;
    void actions.name(name).then((error) => {
      save.disabled = false;
      problem.textContent = error ?? '';
      naming.hidden = error === null;
    });
  });
  naming.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      naming.hidden = true;
    }
  });

  const item = (id: number | null, selected: boolean, content: HTMLElement[]): HTMLLIElement => {
    const li = document.createElement('li');
    const pick = document.createElement('button');
    pick.type = 'button';
    pick.className = 'history-item';
    pick.dataset.version = id === null ? 'current' : String(id);
    pick.setAttribute('aria-pressed', String(selected));
    pick.append(...content);
    pick.addEventListener('click', () => actions.select(id));
    li.append(pick);
    return li;
  };

  return {
    element,
    render(state) {
      nameButton.hidden = !state.canEdit;
      revertButton.hidden = !state.canRevert;
      replayButton.disabled = state.versions.length === 0;
      list.replaceChildren();
      const text = (className: string, value: string): HTMLElement => {
        const span = document.createElement('span');
        span.className = className;
        span.textContent = value;
        return span;
      };
      const now = document.createElement('span');
      now.className = 'history-now';
      now.append(text('history-title', 'Current board'), text('history-meta', state.changedSince || state.versions.length === 0 ? 'Now · changes since the last version' : 'Now · same as the last version'));
      list.append(item(null, state.selected === null, [now]));
      if (state.loading || state.error || state.versions.length === 0) {
        const note = document.createElement('li');
        note.className = state.error ? 'history-note history-error' : 'history-note';
        note.textContent = state.error ?? (state.loading ? 'Loading versions…' : 'No versions yet. One is saved by itself a few seconds after a burst of changes; name one to find it again easily.');
        list.append(note);
      }
      let day = '';
      for (const version of [...state.versions].reverse()) {
        const label = dayLabel(version.at);
        if (label !== day) {
          day = label;
          const heading = document.createElement('li');
          heading.className = 'history-day';
          heading.textContent = label;
          list.append(heading);
        }
        const body = document.createElement('span');
        body.className = 'history-body';
        body.append(text(version.name ? 'history-title named' : 'history-title', version.name ?? versionTime(version.at)));
        if (version.name) body.append(text('history-meta', versionTime(version.at)));
        body.append(authorsLine(version.authors));
        const entry = item(version.id, state.selected === version.id, [actions.thumbnail(version.id), body]);
        (entry.firstElementChild as HTMLElement).title = fullFormat.format(version.at);
        list.append(entry);
      }
      footer.replaceChildren(text('history-footnote', state.footer));
      if (state.pruned) footer.append(text('history-footnote warning', state.pruned));
    },
  };
}
