/** Toolbar icons: inline SVG (24×24, currentColor) so they follow the theme and need no requests. */
export const svg = (body: string): string =>
  `<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">${body}</svg>`;

export const PEN_ICON = svg('<path d="M4 20c2.5-.5 4.2-1.6 5.6-3L19 7.6a2 2 0 0 0-2.8-2.8L6.8 14.2C5.4 15.6 4.3 17.4 4 20z"/><path d="M14.5 6.5l3 3"/>');
export const SELECT_ICON = svg('<path d="M5 3.5l13 7.2-5.6 1.4 3.3 6.2-2.3 1.2-3.3-6.2L5.9 17z"/>');
export const RECT_ICON = svg('<rect x="4" y="5" width="16" height="14" rx="2.5"/>');
export const ELLIPSE_ICON = svg('<ellipse cx="12" cy="12" rx="8.5" ry="7"/>');
export const ARROW_ICON = svg('<path d="M5 19L19 5"/><path d="M10 5h9v9"/>');
export const TEXT_ICON = svg('<path d="M5 6V4.5h14V6"/><path d="M12 4.5v15"/><path d="M9 19.5h6"/>');
export const STICKY_ICON = svg('<path d="M5 4h14v10l-5 6H5z"/><path d="M14 20v-6h5"/>');
export const ERASER_ICON = svg('<path d="M8.5 19.5h11"/><path d="M4.6 14.6l8.8-8.8a2 2 0 0 1 2.8 0l2.5 2.5a2 2 0 0 1 0 2.8l-7.6 7.6a3 3 0 0 1-4.2 0l-2.3-2.3a1.3 1.3 0 0 1 0-1.8z"/><path d="M9 10l5.5 5.5"/>');
export const UNDO_ICON = svg('<path d="M9 14L4 9l5-5"/><path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11"/>');
export const REDO_ICON = svg('<path d="M15 14l5-5-5-5"/><path d="M20 9H9.5a5.5 5.5 0 0 0 0 11H13"/>');
export const ZOOM_IN_ICON = svg('<path d="M12 5v14M5 12h14"/>');
export const ZOOM_OUT_ICON = svg('<path d="M5 12h14"/>');
export const FIT_ICON = svg('<path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5"/>');
export const MENU_ICON = svg('<path d="M4 7h16M4 12h16M4 17h16"/>');
export const FORWARD_ICON = svg('<rect x="8" y="3.5" width="12" height="12" rx="2" fill="currentColor" fill-opacity=".25"/><path d="M4 8.5v10a2 2 0 0 0 2 2h10"/>');
export const BACKWARD_ICON = svg('<rect x="4" y="8.5" width="12" height="12" rx="2"/><path d="M8 8.5V5.5a2 2 0 0 1 2-2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2h-2" stroke-dasharray="2 2"/>');
export const DUPLICATE_ICON = svg('<rect x="8" y="8" width="12" height="12" rx="2"/><path d="M16 8V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h2"/>');
export const TRASH_ICON = svg('<path d="M4 7h16M10 11v6M14 11v6M6 7l1 12a2 2 0 0 0 2 2h6a2 2 0 0 0 2-2l1-12M9 7V4h6v3"/>');
export const LASER_ICON = svg('<path d="M4 20l8.2-8.2"/><circle cx="15.5" cy="8.5" r="2.4" fill="currentColor"/><path d="M15.5 2.8v1.4M15.5 12.8v1.4M21.2 8.5h-1.4M11.2 8.5H9.8M19.5 4.5l-1 1M12.5 11.5l-1 1M19.5 12.5l-1-1M12.5 5.5l-1-1"/>');
export const DESKTOP_ICON = svg('<rect x="3" y="4" width="18" height="12.5" rx="2"/><path d="M9 20h6M12 16.5V20"/>');
