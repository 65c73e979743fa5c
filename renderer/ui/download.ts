/** Saving a file from the page: an ordinary download, which works in browsers and in the desktop app alike. */

export const ExportFormat = { Png: 'png', Svg: 'svg' } as const;
export type ExportFormat = (typeof ExportFormat)[keyof typeof ExportFormat];

/** Saves a blob as a file through the browser's download. */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
