/**
 * The Export dialog (Ctrl+Shift+E, the board menu, the right-click menu, a frame in the Frames
 * navigator): what to export (the board, the selection or one frame), as PNG or SVG, at 1×, 2×
 * or 3×, with or without the paper behind it, in the board's true colours or as dark mode shows
 * them, with how much room around the shapes; a live preview with the image's size; Save, and
 * Copy PNG to the clipboard. The file carries the board's shapes unless asked not to, so
 * dropping it back onto a board restores them. Choices are remembered for the next export.
 */
import type { ExportLook } from '../canvas/export';
import { Theme } from '../canvas/palette';
import { openModal, resetDialog } from './dialog';
import { loadSettings, saveSettings, type ImageFormat } from './export-settings';

export type ExportWhat = { kind: 'board' } | { kind: 'selection' } | { kind: 'frame'; id: string };
export type { ImageFormat };

export interface ExportRequest {
  target: ExportWhat;
  format: ImageFormat;
  look: ExportLook;
  /** Carry the shapes inside the file. */
  embed: boolean;
}

/** What a request would make: its size and name, or why it cannot. */
export type ExportDescription = { ok: true; width: number; height: number; name: string } | { ok: false; error: string };

export interface ExportDialogOptions {
  frames(): Array<{ id: string; name: string }>;
  hasSelection(): boolean;
  describe(request: ExportRequest): ExportDescription;
  render(request: ExportRequest): Promise<Blob | string | null>;
  save(file: Blob | string, name: string, format: ImageFormat): Promise<void>;
  /** The text a copy of these shapes puts on the clipboard (pasted onto a board: the shapes). */
  clipboardText(request: ExportRequest): string | null;
  notify(message: string): void;
}

export interface ExportDialog {
  open(initial?: { target?: ExportWhat; format?: ImageFormat }): void;
}

/** The preview is redrawn this long after the last change (typing a padding, say). */
const PREVIEW_DELAY_MS = 120;

/** A group of radio buttons drawn as a segmented control. */
function segmented(name: string, legend: string, options: ReadonlyArray<[string, string]>, onChange: (value: string) => void): { element: HTMLFieldSetElement; inputs: HTMLInputElement[] } {
  const element = document.createElement('fieldset');
  element.className = 'export-field';
  const title = document.createElement('legend');
  title.textContent = legend;
  const row = document.createElement('div');
  row.className = 'segmented';
  const inputs = options.map(([value, label]) => {
    const wrap = document.createElement('label');
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = name;
    input.value = value;
    input.addEventListener('change', () => input.checked && onChange(value));
    const text = document.createElement('span');
    text.textContent = label;
    wrap.append(input, text);
    row.append(wrap);
    return input;
  });
  element.append(title, row);
  return { element, inputs };
}

function checkbox(label: string, hint: string, onChange: (on: boolean) => void): { element: HTMLLabelElement; input: HTMLInputElement } {
  const element = document.createElement('label');
  element.className = 'export-check';
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.addEventListener('change', () => onChange(input.checked));
  const text = document.createElement('span');
  text.innerHTML = '<strong></strong><small></small>';
  (text.firstElementChild as HTMLElement).textContent = label;
  (text.lastElementChild as HTMLElement).textContent = hint;
  element.append(input, text);
  return { element, input };
}

export function createExportDialog(options: ExportDialogOptions): ExportDialog {
  const dialog = document.createElement('dialog');
  dialog.className = 'share-dialog export-dialog';
  document.body.append(dialog);
  let settings = loadSettings();
  let target: ExportWhat = { kind: 'board' };
  let previewUrl: string | null = null;
  let previewTimer: ReturnType<typeof setTimeout> | null = null;
  let previewRun = 0;

  const request = (): ExportRequest => ({
    target,
    format: settings.format,
    embed: settings.embed,
    look: { scale: settings.scale, background: settings.background, theme: settings.dark ? Theme.Dark : Theme.Light, padding: settings.padding },
  });

  const render = (): void => {
    resetDialog(dialog, 'export-title', 'Export image');
    const body = document.createElement('div');
    body.className = 'export-body';
    const preview = document.createElement('div');
    preview.className = 'export-preview';
    const image = document.createElement('img');
    image.alt = 'Preview of the exported image';
    const size = document.createElement('p');
    size.className = 'export-size';
    size.setAttribute('aria-live', 'polite');
    preview.append(image);
    const form = document.createElement('form');
    form.className = 'export-options';
    form.addEventListener('submit', (event) => event.preventDefault());

    const frames = options.frames();
    const what = segmented('export-target', 'Export', [['board', 'Board'], ['selection', 'Selection'], ['frame', 'Frame']], (value) => {
      target = value === 'frame' ? { kind: 'frame', id: frameSelect.value } : { kind: value as 'board' | 'selection' };
      update();
    });
    const [boardInput, selectionInput, frameInput] = what.inputs as [HTMLInputElement, HTMLInputElement, HTMLInputElement];
    selectionInput.disabled = !options.hasSelection();
    frameInput.disabled = frames.length === 0;
    const frameSelect = document.createElement('select');
    frameSelect.className = 'export-frame';
    frameSelect.setAttribute('aria-label', 'Frame to export');
    for (const frame of frames) frameSelect.append(new Option(frame.name.trim() === '' ? 'Frame' : frame.name, frame.id));
    frameSelect.addEventListener('change', () => {
      target = { kind: 'frame', id: frameSelect.value };
      frameInput.checked = true;
      update();
    });
    what.element.append(frameSelect);

    const format = segmented('export-format', 'Format', [['png', 'PNG'], ['svg', 'SVG']], (value) => {
      settings.format = value as ImageFormat;
      update();
    });
    const scale = segmented('export-scale', 'Scale', [['1', '1×'], ['2', '2×'], ['3', '3×']], (value) => {
      settings.scale = Number(value);
      update();
    });
    const padding = document.createElement('label');
    padding.className = 'export-padding';
    const paddingInput = document.createElement('input');
    paddingInput.type = 'number';
    paddingInput.min = '0';
    paddingInput.max = '400';
    paddingInput.step = '8';
    paddingInput.addEventListener('input', () => {
      const value = Number(paddingInput.value);
      if (!Number.isFinite(value)) return;
      settings.padding = Math.min(400, Math.max(0, Math.round(value)));
      update();
    });
    const paddingText = document.createElement('span');
    paddingText.textContent = 'Padding (px)';
    padding.append(paddingText, paddingInput);
    const background = checkbox('Background', 'Off: a transparent image.', (on) => {
      settings.background = on;
      update();
    });
    const dark = checkbox('Dark mode', 'Colours as dark mode shows them, on dark paper.', (on) => {
      settings.dark = on;
      update();
    });
    const embed = checkbox('Include the shapes', 'Drop the file onto a board to edit them again.', (on) => {
      settings.embed = on;
      update();
    });
    form.append(what.element, format.element, scale.element, padding, background.element, dark.element, embed.element);

    const footer = document.createElement('div');
    footer.className = 'export-footer';
    const copy = document.createElement('button');
    copy.type = 'button';
    copy.className = 'secondary-button';
    copy.dataset.action = 'export-copy';
    copy.textContent = 'Copy PNG';
    const save = document.createElement('button');
    save.type = 'button';
    save.className = 'primary';
    save.dataset.action = 'export-save';
    footer.append(size, copy, save);
    body.append(preview, form);
    dialog.append(body, footer);

    // Current choices into the controls.
    const targetInput = target.kind === 'frame' ? frameInput : target.kind === 'selection' ? selectionInput : boardInput;
    if (targetInput.disabled) target = { kind: 'board' };
    if (target.kind === 'frame') frameSelect.value = target.id;
    (target.kind === 'frame' ? frameInput : target.kind === 'selection' ? selectionInput : boardInput).checked = true;
    for (const input of format.inputs) input.checked = input.value === settings.format;
    for (const input of scale.inputs) input.checked = Number(input.value) === settings.scale;
    paddingInput.value = String(settings.padding);
    background.input.checked = settings.background;
    dark.input.checked = settings.dark;
    embed.input.checked = settings.embed;

    function update(): void {
      saveSettings(settings);
      const png = settings.format === 'png';
      for (const input of scale.inputs) input.disabled = !png;
      frameSelect.hidden = target.kind !== 'frame';
      paddingInput.disabled = target.kind === 'frame';
      padding.title = target.kind === 'frame' ? 'A frame is exported to its edges' : '';
      save.textContent = png ? 'Save PNG' : 'Save SVG';
      preview.classList.toggle('transparent', !settings.background);
      const described = options.describe(request());
      save.disabled = !described.ok;
      copy.disabled = !described.ok;
      size.textContent = described.ok ? `${described.width} × ${described.height} ${png ? 'px' : 'units'}` : described.error;
      size.classList.toggle('export-error', !described.ok);
      if (previewTimer) clearTimeout(previewTimer);
      previewTimer = setTimeout(() => void refreshPreview(image, described.ok), PREVIEW_DELAY_MS);
    }

    save.addEventListener('click', () => {
      const asked = request();
      const described = options.describe(asked);
      if (!described.ok) return;
      save.disabled = true;
      void options
        .render(asked)
        .then((file) => (file ? options.save(file, `${described.name}.${asked.format}`, asked.format).then(() => dialog.close()) : undefined))
        .catch((error: unknown) => options.notify(`The image could not be saved: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => (save.disabled = false));
    });
    copy.addEventListener('click', () => {
      const asked = { ...request(), format: 'png' as const };
      void options
        .render(asked)
        .then(async (file) => {
          if (!(file instanceof Blob)) return;
          const text = options.clipboardText(asked);
          const items: Record<string, Blob> = { 'image/png': file };
          if (text) items['text/plain'] = new Blob([text], { type: 'text/plain' });
          await navigator.clipboard.write([new ClipboardItem(items)]);
          copy.textContent = 'Copied';
          setTimeout(() => (copy.textContent = 'Copy PNG'), 1500);
          options.notify('Copied as PNG. Pasted onto a board, it brings the shapes back.');
        })
        .catch(() => options.notify('The image could not be copied here: use Save instead.'));
    });
    update();
  };

  async function refreshPreview(image: HTMLImageElement, possible: boolean): Promise<void> {
    const run = ++previewRun;
    if (!possible) {
      image.removeAttribute('src');
      return;
    }
    // The preview at 1×, without the shapes inside: it only has to look right.
    const asked = request();
    const file = await options.render({ ...asked, embed: false, look: { ...asked.look, scale: 1 } });
    if (run !== previewRun || !file) return;
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = URL.createObjectURL(file instanceof Blob ? file : new Blob([file], { type: 'image/svg+xml' }));
    image.src = previewUrl;
  }

  dialog.addEventListener('close', () => {
    previewRun++;
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = null;
  });

  return {
    open(initial = {}) {
      settings = loadSettings();
      if (initial.format) settings.format = initial.format;
      target = initial.target ?? (options.hasSelection() ? { kind: 'selection' } : { kind: 'board' });
      render();
      openModal(dialog);
    },
  };
}
