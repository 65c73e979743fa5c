/** Icons for the diagram tools and commands, drawn like those in icons.ts. */
import { svg } from './icons';

export const LINE_ICON = svg('<path d="M4 18L10 8l5 7 5-9"/><circle cx="4" cy="18" r="1.4" fill="currentColor"/><circle cx="20" cy="6" r="1.4" fill="currentColor"/>');
export const FRAME_ICON = svg('<path d="M7 3v18M17 3v18M3 7h18M3 17h18"/>');
export const ALIGN_LEFT_ICON = svg('<path d="M4 3v18"/><rect x="7" y="6" width="11" height="4" rx="1"/><rect x="7" y="14" width="7" height="4" rx="1"/>');
export const ALIGN_CENTRE_ICON = svg('<path d="M12 3v18"/><rect x="5" y="6" width="14" height="4" rx="1"/><rect x="8" y="14" width="8" height="4" rx="1"/>');
export const ALIGN_RIGHT_ICON = svg('<path d="M20 3v18"/><rect x="6" y="6" width="11" height="4" rx="1"/><rect x="10" y="14" width="7" height="4" rx="1"/>');
export const ALIGN_TOP_ICON = svg('<path d="M3 4h18"/><rect x="6" y="7" width="4" height="11" rx="1"/><rect x="14" y="7" width="4" height="7" rx="1"/>');
export const ALIGN_MIDDLE_ICON = svg('<path d="M3 12h18"/><rect x="6" y="5" width="4" height="14" rx="1"/><rect x="14" y="8" width="4" height="8" rx="1"/>');
export const ALIGN_BOTTOM_ICON = svg('<path d="M3 20h18"/><rect x="6" y="6" width="4" height="11" rx="1"/><rect x="14" y="10" width="4" height="7" rx="1"/>');
export const DISTRIBUTE_H_ICON = svg('<path d="M3 4v16M21 4v16"/><rect x="9.5" y="7" width="5" height="10" rx="1"/>');
export const DISTRIBUTE_V_ICON = svg('<path d="M4 3h16M4 21h16"/><rect x="7" y="9.5" width="10" height="5" rx="1"/>');
export const STRAIGHT_ICON = svg('<path d="M5 19L19 5"/>');
export const ELBOW_ICON = svg('<path d="M5 19v-7h14V5"/>');
export const HEAD_NONE_ICON = svg('<path d="M4 12h16"/>');
export const HEAD_END_ICON = svg('<path d="M4 12h16M14 7l5 5-5 5"/>');
export const HEAD_START_ICON = svg('<path d="M4 12h16M10 7l-5 5 5 5"/>');
export const LOCK_ICON = svg('<rect x="5" y="11" width="14" height="9" rx="2"/><path d="M8 11V8a4 4 0 0 1 8 0v3"/>');
export const GROUP_ICON = svg('<rect x="3" y="3" width="18" height="18" rx="2" stroke-dasharray="3 2"/><rect x="7" y="7" width="5" height="5" rx="1"/><rect x="12" y="12" width="5" height="5" rx="1"/>');
export const FRAMES_ICON = svg('<rect x="3" y="4" width="8" height="7" rx="1.5"/><rect x="13" y="4" width="8" height="7" rx="1.5"/><rect x="3" y="13" width="8" height="7" rx="1.5"/><path d="M14 16.5h7"/>');
export const UNGROUP_ICON = svg('<rect x="3" y="3" width="8" height="8" rx="1.5"/><rect x="13" y="13" width="8" height="8" rx="1.5"/><path d="M15 4h5v5M9 20H4v-5" stroke-dasharray="2 2"/>');
export const SHORTCUTS_ICON = svg('<rect x="2.5" y="6" width="19" height="12" rx="2"/><path d="M6 10h1M10 10h1M14 10h1M18 10h0M8 14h8"/>');
export const GRID_ICON = svg('<path d="M3 9h18M3 15h18M9 3v18M15 3v18"/><rect x="3" y="3" width="18" height="18" rx="2"/>');
