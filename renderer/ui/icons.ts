/** Toolbar icons: inline SVG (24×24, currentColor) so they follow the theme and need no requests. */
export const PEN_ICON =
  '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"><path d="M4 20c2.5-.5 4.2-1.6 5.6-3L19 7.6a2 2 0 0 0-2.8-2.8L6.8 14.2C5.4 15.6 4.3 17.4 4 20z"/><path d="M14.5 6.5l3 3"/></svg>';
