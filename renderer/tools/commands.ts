/**
 * Everything the keyboard, the menus and the panels can do to the selection or the board:
 * delete, duplicate, copy and paste, stacking order, nudging, styling, align and distribute,
 * group, lock, undo and redo. Each one is a single undo step. Locked shapes are left as they
 * are by everything but unlocking (and copying, which changes nothing).
 */
import { ShapeType, MAX_TEXT_LENGTH, textFieldOf } from '../../protocol/board-schema';
import {
  alignPatches,
  distributePatches,
  groupPatches,
  lockPatches,
  ungroupPatches,
  type Alignment,
  type Distribution,
} from '../board/arrange';
import { compareShapes, type ShapePatch } from '../board/board';
import { membershipPatches } from '../board/frames';
import { deleteShapes, withFrameContents } from '../board/deletion';
import { duplicateShapes, parseClipboard, pasteContent, serializeShapes } from '../board/clipboard';
import { readSceneFromFile } from '../board/embedded-scene';
import type { Point } from '../board/geometry';
import { stylePatch, DEFAULT_FONT_SIZE, type ShapeStyle } from '../board/style';
import { moveInStack, type ZMove } from '../board/z-order';
import { measureText } from '../canvas/text-metrics';
import { insertImages } from './image-insert';
import type { ToolContext } from './tool-context';

/** Duplicates land this far (board units) down and right of the originals. */
const DUPLICATE_OFFSET = 24;

export class Commands {
  /** Last pointer position over the canvas, in board coordinates: where pastes land. */
  pointer: Point | null = null;

  constructor(private readonly context: ToolContext) {}

  private selected() {
    const { index } = this.context.view;
    return [...this.context.selection.ids].map((id) => index.get(id)).filter((s) => s !== undefined).sort(compareShapes);
  }

  /** The selection with what is in its frames: what copy and duplicate carry. */
  private selectedWithContents() {
    const { index } = this.context.view;
    return [...withFrameContents(index, this.context.selection.ids)].map((id) => index.get(id)).filter((s) => s !== undefined).sort(compareShapes);
  }

  /** The selection without its locked shapes: what commands may change. */
  private editable() {
    return this.selected().filter((s) => !s.locked);
  }

  /** Writes patches as one undo step; false when there is nothing to write. */
  private apply(patches: ReadonlyMap<string, ShapePatch>): boolean {
    if (patches.size === 0) return false;
    this.context.board.update(patches);
    return true;
  }

  /** Copies join whatever frame they land in, as part of the paste. */
  private placeInFrames(ids: readonly string[]): void {
    const patches = membershipPatches(this.context.view.index, ids);
    if (patches.size > 0) this.context.board.update(patches, true);
  }

  private pastePoint(): Point {
    if (this.pointer) return this.pointer;
    const b = this.context.view.visibleBounds();
    return { x: (b.minX + b.maxX) / 2, y: (b.minY + b.maxY) / 2 };
  }

  selectionIds(): string[] {
    return [...this.context.selection.ids];
  }

  deleteSelection(): boolean {
    const ids = this.editable().map((s) => s.id);
    if (ids.length === 0) return false;
    // A frame goes with what is in it.
    deleteShapes(this.context.board, this.context.view.index, withFrameContents(this.context.view.index, ids));
    this.context.selection.clear();
    return true;
  }

  duplicate(): boolean {
    const shapes = this.selectedWithContents();
    if (shapes.length === 0) return false;
    const ids = duplicateShapes(this.context.board, shapes, { x: DUPLICATE_OFFSET, y: DUPLICATE_OFFSET });
    this.placeInFrames(ids);
    this.context.selection.set(ids);
    return true;
  }

  selectAll(): void {
    const { index } = this.context.view;
    this.context.selection.set([...index.ids()].filter((id) => !index.get(id)?.locked));
  }

  /** Clipboard text for the selection, or null when nothing is selected. */
  copy(): string | null {
    const shapes = this.selectedWithContents();
    return shapes.length === 0 ? null : serializeShapes(this.context.board, shapes);
  }

  cut(): string | null {
    const text = this.copy();
    if (text) this.deleteSelection();
    return text;
  }

  /** Pastes clipboard text: our shapes, or else the text itself as a text shape. */
  pasteText(text: string): boolean {
    const content = parseClipboard(text);
    if (content) {
      const ids = pasteContent(this.context.board, content, { at: this.pastePoint() });
      this.placeInFrames(ids);
      this.context.selection.set(ids);
      return ids.length > 0;
    }
    const plain = text.replace(/\r\n?/g, '\n').slice(0, MAX_TEXT_LENGTH);
    if (plain.trim() === '') return false;
    const at = this.pastePoint();
    const size = measureText(plain, DEFAULT_FONT_SIZE);
    const style = this.context.style();
    const ids = this.context.board.create([
      { type: ShapeType.Text, x: at.x - size.w / 2, y: at.y - size.h / 2, rotation: 0, opacity: style.opacity, text: plain, fontSize: DEFAULT_FONT_SIZE, color: style.color, ...size },
    ]);
    this.context.selection.set(ids);
    return true;
  }

  /**
   * Pastes what a clipboard holds, from Ctrl+V or the right-click menu alike: our shapes if it
   * holds them (an image copied from the export dialog carries them as text too), else its
   * images, else its text. False when there was nothing to paste.
   */
  paste(files: readonly File[], text: string): boolean {
    if (parseClipboard(text)) return this.pasteText(text);
    const images = files.filter((file) => file.type.startsWith('image/'));
    if (images.length > 0) {
      void this.pasteFiles(images);
      return true;
    }
    return text !== '' && this.pasteText(text);
  }

  /**
   * Places dropped or pasted files: a PNG or SVG exported from a board brings back its shapes
   * (editable, centred where it is dropped); other images are placed as pictures.
   */
  async pasteFiles(files: readonly File[], at: Point = this.pastePoint()): Promise<string[]> {
    const ids: string[] = [];
    const pictures: File[] = [];
    for (const file of files) {
      const content = parseClipboard((await readSceneFromFile(file).catch(() => null)) ?? '');
      if (!content || content.shapes.length === 0) {
        pictures.push(file);
        continue;
      }
      const placed = pasteContent(this.context.board, content, { at });
      this.placeInFrames(placed);
      ids.push(...placed);
    }
    if (ids.length > 0) this.context.selection.set(ids);
    const isSvg = (file: File): boolean => file.type === 'image/svg+xml' || file.name.toLowerCase().endsWith('.svg');
    for (const svg of pictures.filter(isSvg)) this.context.notify(`“${svg.name}” is not a PNG, JPEG, GIF or WebP image, nor an SVG exported from Whiteboard (which brings its shapes back).`);
    const images = pictures.filter((file) => !isSvg(file));
    return [...ids, ...(images.length > 0 ? await insertImages(this.context, images, at) : [])];
  }

  reorder(move: ZMove): boolean {
    return moveInStack(this.context.board, this.context.view.index, new Set(this.editable().map((s) => s.id)), move);
  }

  /** Moves the selection by (dx, dy) board units. */
  nudge(dx: number, dy: number): boolean {
    const shapes = this.editable();
    if (shapes.length === 0) return false;
    this.context.board.update(new Map(shapes.map((s) => [s.id, { x: s.x + dx, y: s.y + dy }])));
    this.placeInFrames(shapes.map((s) => s.id));
    return true;
  }

  align(how: Alignment): boolean {
    return this.apply(alignPatches(this.context.view.index, this.context.selection.ids, how));
  }

  distribute(how: Distribution): boolean {
    return this.apply(distributePatches(this.context.view.index, this.context.selection.ids, how));
  }

  group(): boolean {
    return this.apply(groupPatches(this.context.view.index, this.context.selection.ids));
  }

  ungroup(): boolean {
    return this.apply(ungroupPatches(this.context.view.index, this.context.selection.ids));
  }

  /** Locks the selection, or unlocks it if it is all locked (Shift+L). */
  toggleLock(): boolean {
    return this.apply(lockPatches(this.context.view.index, this.context.selection.ids));
  }

  /** Unlocks every locked shape on the board. */
  unlockAll(): boolean {
    const { index } = this.context.view;
    const locked = [...index.ids()].filter((id) => index.get(id)?.locked);
    return this.apply(new Map(locked.map((id) => [id, { locked: undefined }])));
  }

  /** What the selection allows, for menus and panels to offer. */
  selectionFacts(): { count: number; units: number; locked: number; grouped: boolean; frame: string | null } {
    const shapes = this.selected();
    const units = new Set(shapes.map((s) => s.groupIds?.[s.groupIds.length - 1] ?? s.id)).size;
    const frame = shapes.length === 1 && shapes[0]?.type === ShapeType.Frame ? shapes[0].id : null;
    return { count: shapes.length, units, locked: shapes.filter((s) => s.locked).length, grouped: shapes.some((s) => s.groupIds), frame };
  }

  /** Applies a style change to the selected shapes. */
  applyStyle(change: Partial<ShapeStyle>): void {
    const patches = new Map<string, ShapePatch>();
    for (const shape of this.editable()) {
      const patch = stylePatch(shape, change);
      if (Object.keys(patch).length > 0) patches.set(shape.id, patch);
    }
    if (patches.size > 0) this.context.board.update(patches);
  }

  /** Whether the selection is one shape whose text can be edited. */
  canEditText(): boolean {
    const [only, ...more] = this.selected();
    return !!only && more.length === 0 && !!textFieldOf(only) && !only.locked;
  }

  /** Whether that text is a box's label (rather than a text or note). */
  editsLabel(): boolean {
    const [only] = this.selected();
    return !!only && textFieldOf(only) === 'label';
  }

  /** Opens the editor on the selected text, note or box (Enter): its text or label; or renames the selected frame. */
  editText(): boolean {
    const [only, ...more] = this.selected();
    if (only && more.length === 0 && only.type === ShapeType.Frame && !only.locked) {
      this.context.renameFrame(only.id);
      return true;
    }
    if (!only || more.length > 0 || !textFieldOf(only) || only.locked) return false;
    this.context.editText(only.id);
    return true;
  }

  undo(): void {
    this.context.board.history.undo();
  }

  redo(): void {
    this.context.board.history.redo();
  }
}
