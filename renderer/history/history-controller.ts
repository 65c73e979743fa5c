/**
 * Version history in the app: what the History panel (ui/history-panel.ts) lists, a version shown read-only over the
 * board with what changed since (preview.ts), and what can be done from there: Restore and Copy (restore.ts, this
 * person's own undoable change), Export, Replay (replay.ts), and undoing one person's changes (ui/revert-dialog.ts,
 * done by the server). The history comes from a HistorySource: the server's, or the one a local board keeps.
 */
import * as Y from 'yjs';
import type { HistoryAuthor, VersionInfo } from '../../protocol/history';
import type { BoardApp } from '../board-app';
import { compareShapes } from '../board/board';
import { matchesShortcut } from '../tools/shortcut-list';
import { isTypingTarget } from '../tools/shortcuts';
import { createHistoryPanel, versionTime } from '../ui/history-panel';
import { createPreviewBar } from '../ui/history-preview-bar';
import { openRevertDialog } from '../ui/revert-dialog';
import { showToast } from '../ui/toast';
import type { HistoryListing, HistorySource } from './history-source';
import { limitsText, prunedText } from './history-texts';
import { HIGHLIGHT_COLORS, VersionPreview } from './preview';
import { Replay } from './replay';
import { exportVersion, type ExportFormat } from './version-export';
import { copyFromVersion, restoreVersion } from './restore';
import { Thumbnails } from './thumbnails';
import { ChangeKind, countChanges, diffShapes, shapesOf, type ShapeChange } from './version-diff';
import { VersionDocs } from './version-docs';

export interface HistoryControllerOptions {
  app: BoardApp;
  root: HTMLElement;
  source: HistorySource;
  /** This person, as the server names them in history. */
  me(): HistoryAuthor;
  /** The people in the room now (for undoing one person's changes). */
  people(): HistoryAuthor[];
  /** Whether the board is read-only outside the preview (a viewer, or not connected yet). */
  readOnly(): boolean;
}

const CHANGES_REFRESH_MS = 250;

export class HistoryController {
  private readonly panel;
  private readonly bar;
  private readonly thumbnails: Thumbnails;
  private listing: HistoryListing | null = null;
  private error: string | null = null;
  /** The stored changes fetched so far, and the versions built from them (let go when the panel closes). */
  private docs = new VersionDocs();
  private selected: VersionInfo | null = null;
  private preview: { version: VersionInfo; doc: Y.Doc; view: VersionPreview; changes: Map<string, ShapeChange> } | null = null;
  private replay: Replay | null = null;
  private stopWatching: (() => void) | null = null;
  private readonly stopObserving: () => void;
  private changesTimer: ReturnType<typeof setTimeout> | null = null;
  private shown = '';

  constructor(private readonly options: HistoryControllerOptions) {
    this.thumbnails = new Thumbnails((id) => (this.docs.end >= id ? [...shapesOf(this.docs.at(id)).values()].sort(compareShapes) : null), () => options.app.view.theme);
    this.panel = createHistoryPanel({
      select: (id) => void this.select(id),
      close: () => this.close(),
      name: (name) => this.name(name),
      replay: () => void this.startReplay(),
      revert: (since) => this.revert(since),
      thumbnail: (id) => this.thumbnails.imageFor(id),
    });
    this.bar = createPreviewBar({ restore: () => this.restore(), copy: () => this.copy(), export: (format) => void this.export(format), back: () => void this.select(null) });
    this.bar.element.hidden = true;
    options.root.append(this.panel.element, this.bar.element);
    window.addEventListener('keydown', this.onKey, true);
    // What changed since the version follows the board, at most a few times a second (someone may be drawing).
    this.stopObserving = options.app.board.observe(() => {
      this.changesTimer ??= setTimeout(() => {
        this.changesTimer = null;
        this.refreshChanges();
      }, CHANGES_REFRESH_MS);
    });
  }

  get isOpen(): boolean { return !this.panel.element.hidden; }

  toggle(): void { if (this.isOpen) this.close(); else this.open(); }

  open(): void {
    this.panel.element.hidden = false;
    this.options.root.classList.add('history-open');
    this.stopWatching ??= this.options.source.onChange(() => void this.refresh());
    void this.refresh();
  }

  close(): void {
    this.stopReplay();
    void this.select(null);
    this.panel.element.hidden = true;
    this.options.root.classList.remove('history-open');
    this.docs.destroy();
    this.docs = new VersionDocs();
    this.stopWatching?.();
    this.stopWatching = null;
  }

  /** Takes the history out of the app (a local board that went online gets the server's). */
  destroy(): void {
    this.close();
    this.stopObserving();
    if (this.changesTimer) clearTimeout(this.changesTimer);
    window.removeEventListener('keydown', this.onKey, true);
    this.thumbnails.destroy();
    this.docs.destroy();
    this.panel.element.remove();
    this.bar.element.remove();
  }

  /** Undo one person's changes since a version (null: the dialog picks), from the panel or the people list. */
  revert(since: number | null, person?: string): void {
    const revert = this.options.source.revert;
    if (!revert || !this.options.source.canEdit()) return;
    void this.load().then(() => {
      const versions = this.listing?.versions ?? [];
      if (this.error) return showToast(this.error);
      if (versions.length === 0) return showToast('There is no version to go back to yet: the board saves one a few seconds after a burst of changes.');
      const run = async (version: number, author: string): Promise<Awaited<ReturnType<typeof revert>>> => {
        const result = await revert(version, author, this.options.me());
        if (this.isOpen) void this.refresh(); // the version the server saved before it
        return result;
      };
      openRevertDialog({ versions, since, person: person ?? null, people: this.options.people(), me: this.options.me(), run });
    });
  }

  private async load(): Promise<void> {
    const result = await this.options.source.list();
    if (result.ok) {
      this.listing = result.value;
      this.error = null;
    } else this.error = result.error;
  }

  private async refresh(): Promise<void> {
    await this.load();
    this.render();
  }

  private render(): void {
    const listing = this.listing;
    const versions = listing?.versions ?? [];
    const state = {
      loading: listing === null && this.error === null,
      error: this.error,
      versions,
      changedSince: listing !== null && (versions.length === 0 || listing.head > (versions[versions.length - 1] as VersionInfo).id),
      selected: this.selected?.id ?? null,
      canEdit: this.options.source.canEdit(),
      canRevert: this.options.source.revert !== null && this.options.source.canEdit(),
      footer: listing ? limitsText(listing, this.options.source.where) : this.options.source.where,
      pruned: listing ? prunedText(listing) : null,
    };
    const key = JSON.stringify(state);
    if (key === this.shown) return;
    this.shown = key;
    this.panel.render(state);
    if (versions.length > 0) void this.partsUpTo((versions[versions.length - 1] as VersionInfo).id);
  }

  /** The stored changes up to `id` at least: those after the ones held are fetched; thumbnails are drawn from them. */
  private async partsUpTo(id: number): Promise<boolean> {
    if (this.docs.end >= id) return true;
    const result = await this.options.source.parts(this.docs.end);
    if (!result.ok) {
      showToast(result.error);
      return false;
    }
    this.docs.append(result.value);
    this.thumbnails.retry();
    return this.docs.end >= id;
  }

  private async select(id: number | null): Promise<void> {
    const version = id === null ? null : (this.listing?.versions.find((v) => v.id === id) ?? null);
    this.selected = version;
    this.render();
    this.closePreview();
    if (!version || !(await this.partsUpTo(version.id)) || this.selected !== version) return;
    const doc = this.docs.build(version.id);
    const view = new VersionPreview(this.options.root, doc, this.options.app.view);
    this.preview = { version, doc, view, changes: new Map() };
    view.selection.onChange(() => this.renderBar());
    this.options.root.classList.add('history-previewing');
    this.options.app.setReadOnly(true);
    this.bar.element.hidden = false;
    this.refreshChanges();
  }

  private closePreview(): void {
    if (!this.preview) return;
    this.preview.view.destroy();
    this.preview.doc.destroy();
    this.preview = null;
    this.bar.element.hidden = true;
    this.options.root.classList.remove('history-previewing');
    this.options.app.setReadOnly(this.options.readOnly());
  }

  private refreshChanges(): void {
    if (!this.preview) return;
    this.preview.changes = diffShapes(shapesOf(this.preview.doc), shapesOf(this.options.app.board.doc));
    this.preview.view.setChanges(this.preview.changes);
    this.renderBar();
  }

  private removedShapes(): ReturnType<VersionPreview['picked']> {
    const changes = this.preview?.changes;
    return (this.preview?.view.board.all() ?? []).filter((shape) => changes?.get(shape.id)?.kind === ChangeKind.Removed);
  }

  private renderBar(): void {
    if (!this.preview) return;
    const { version, view, changes } = this.preview;
    const picked = view.selection.size;
    const removed = this.removedShapes().length;
    this.bar.render({
      title: version.name ?? `Version of ${versionTime(version.at)}`,
      subtitle: `${version.name ? `${versionTime(version.at)}, ` : ''}${new Date(version.at).toLocaleDateString(undefined, { day: 'numeric', month: 'long' })} · view only`,
      counts: countChanges(changes),
      colors: HIGHLIGHT_COLORS,
      canEdit: this.options.source.canEdit() && !this.options.readOnly(),
      copyLabel: picked > 0 ? `Copy ${picked} selected` : removed > 0 ? `Copy back ${removed} removed` : 'Copy',
      copyEnabled: picked > 0 || removed > 0,
    });
  }

  private restore(): void {
    if (!this.preview) return;
    const { version, doc } = this.preview;
    restoreVersion(this.options.app.board, doc);
    void this.select(null);
    showToast(`Restored ${version.name ? `\u201c${version.name}\u201d` : `the version of ${versionTime(version.at)}`} for everyone. Undo (Ctrl+Z) takes it back.`);
  }

  private copy(): void {
    if (!this.preview) return;
    const { view, doc } = this.preview;
    const shapes = view.selection.size > 0 ? view.picked() : this.removedShapes();
    const ids = copyFromVersion(this.options.app.board, doc, shapes);
    void this.select(null);
    this.options.app.selection.set(ids);
    showToast(`Copied ${ids.length} shape${ids.length === 1 ? '' : 's'} into the board.`);
  }

  private async export(format: ExportFormat): Promise<void> {
    if (this.preview) await exportVersion(this.preview.version, this.preview.doc, this.preview.view, format);
  }

  private async name(name: string): Promise<string | null> {
    const result = await this.options.source.nameVersion(name);
    if (!result.ok) return result.error;
    showToast(`Named this version \u201c${name}\u201d.`);
    await this.refresh();
    return null;
  }

  private async startReplay(): Promise<void> {
    const versions = this.listing?.versions ?? [];
    const last = versions[versions.length - 1];
    if (!last || !(await this.partsUpTo(last.id))) return;
    await this.select(null);
    this.stopReplay();
    this.options.root.classList.add('history-replaying');
    this.replay = new Replay(this.options.root, this.docs.all, versions, this.options.app.view.theme, () => this.stopReplay());
  }

  private stopReplay(): void {
    this.replay?.destroy();
    this.replay = null;
    this.options.root.classList.remove('history-replaying');
  }

  private readonly onKey = (event: KeyboardEvent): void => {
    if (isTypingTarget(event.target) || (!this.preview && !this.replay)) return;
    if (event.key === 'Escape') {
      event.stopImmediatePropagation();
      if (this.replay) this.stopReplay();
      else void this.select(null);
    } else if (event.key !== ' ' && !['Shift', 'Control', 'Alt', 'Meta'].includes(event.key) && !matchesShortcut('history', event)) {
      // The board under a version or a replay takes no keys: Delete or Ctrl+Z would act on what is not shown.
      event.stopImmediatePropagation();
      if (event.ctrlKey || event.metaKey) event.preventDefault();
    }
  };
}
