/**
 * Light or dark: follows the system (prefers-color-scheme) unless the person chose one, which is
 * remembered. The chrome switches through CSS variables (`data-theme` on the root element); the
 * canvas is told, and draws the board's colours as dark mode shows them (canvas/palette.ts).
 */
import { Theme } from '../canvas/palette';

export const ThemeChoice = { System: 'system', Light: 'light', Dark: 'dark' } as const;
export type ThemeChoice = (typeof ThemeChoice)[keyof typeof ThemeChoice];

const STORAGE_KEY = 'whiteboard.theme';

export interface ThemeControl {
  readonly choice: ThemeChoice;
  readonly theme: Theme;
  choose(choice: ThemeChoice): void;
  /** Shift+D: the other one of light and dark, chosen explicitly. */
  toggle(): void;
}

function stored(): ThemeChoice {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === ThemeChoice.Light || value === ThemeChoice.Dark ? value : ThemeChoice.System;
  } catch {
    return ThemeChoice.System;
  }
}

export function createThemeControl(onTheme: (theme: Theme) => void): ThemeControl {
  const system = window.matchMedia('(prefers-color-scheme: dark)');
  let choice = stored();
  const effective = (): Theme => (choice === ThemeChoice.System ? (system.matches ? Theme.Dark : Theme.Light) : choice);
  const apply = (): void => {
    const theme = effective();
    document.documentElement.dataset.theme = theme;
    onTheme(theme);
  };
  system.addEventListener('change', () => {
    if (choice === ThemeChoice.System) apply();
  });
  apply();
  const control: ThemeControl = {
    get choice() {
      return choice;
    },
    get theme() {
      return effective();
    },
    choose(next) {
      choice = next;
      try {
        if (next === ThemeChoice.System) localStorage.removeItem(STORAGE_KEY);
        else localStorage.setItem(STORAGE_KEY, next);
      } catch {
        // This session only.
      }
      apply();
    },
    toggle() {
      control.choose(effective() === Theme.Dark ? ThemeChoice.Light : ThemeChoice.Dark);
    },
  };
  return control;
}
