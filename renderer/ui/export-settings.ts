/** The Export dialog's choices, remembered between exports (localStorage), read back with care. */

export type ImageFormat = 'png' | 'svg';

const SETTINGS_KEY = 'whiteboard.export';
export interface Settings {
  format: ImageFormat;
  scale: number;
  background: boolean;
  dark: boolean;
  padding: number;
  embed: boolean;
}

const DEFAULTS: Settings = { format: 'png', scale: 2, background: true, dark: false, padding: 32, embed: true };

export function loadSettings(): Settings {
  try {
    const stored = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? 'null') as Partial<Settings> | null;
    if (!stored || typeof stored !== 'object') return { ...DEFAULTS };
    return {
      format: stored.format === 'svg' ? 'svg' : 'png',
      scale: [1, 2, 3].includes(stored.scale as number) ? (stored.scale as number) : DEFAULTS.scale,
      background: typeof stored.background === 'boolean' ? stored.background : DEFAULTS.background,
      dark: typeof stored.dark === 'boolean' ? stored.dark : DEFAULTS.dark,
      padding: typeof stored.padding === 'number' && stored.padding >= 0 && stored.padding <= 400 ? stored.padding : DEFAULTS.padding,
      embed: typeof stored.embed === 'boolean' ? stored.embed : DEFAULTS.embed,
    };
  } catch {
    return { ...DEFAULTS };
  }
}

export function saveSettings(settings: Settings): void {
  try {
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
  } catch {
    // This session only.
  }
}

