/**
 * Who this user is to others: a name and a colour, chosen once (a friendly random pair by
 * default) and remembered in the browser, so every board shows the same person.
 */
export interface Identity {
  name: string;
  color: string;
}

export const PRESENCE_COLORS = ['#e03131', '#f08c00', '#2f9e44', '#1971c2', '#7048e8', '#c2255c', '#0c8599', '#5c940d'] as const;

export const MAX_NAME_LENGTH = 40;
const STORAGE_KEY = 'whiteboard.identity';
const ADJECTIVES = ['Swift', 'Quiet', 'Bright', 'Clever', 'Brave', 'Calm', 'Lucky', 'Merry'];
const ANIMALS = ['Otter', 'Falcon', 'Panda', 'Lynx', 'Heron', 'Fox', 'Koala', 'Orca'];

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length) % items.length] as T;
}

export function randomIdentity(random: () => number = Math.random): Identity {
  return { name: `${pick(ADJECTIVES, random)} ${pick(ANIMALS, random)}`, color: pick(PRESENCE_COLORS, random) };
}

/** A name as others will see it: trimmed, single-spaced, bounded; null if nothing is left. */
export function cleanName(raw: string): string | null {
  const name = raw.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH);
  return name === '' ? null : name;
}

export function isPresenceColor(value: unknown): value is string {
  return typeof value === 'string' && (PRESENCE_COLORS as readonly string[]).includes(value);
}

/** Up to two letters for an avatar. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : [words[0] ?? '?'];
  return letters.map((word) => Array.from(word as string)[0]?.toUpperCase() ?? '').join('') || '?';
}

type KeyValue = Pick<Storage, 'getItem' | 'setItem'>;

export function loadIdentity(storage: KeyValue = window.localStorage, random: () => number = Math.random): Identity {
  try {
    const stored = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as Partial<Identity> | null;
    const name = typeof stored?.name === 'string' ? cleanName(stored.name) : null;
    if (name && isPresenceColor(stored?.color)) return { name, color: stored.color };
  } catch {
    // Unreadable: choose a new identity below.
  }
  const identity = randomIdentity(random);
  saveIdentity(identity, storage);
  return identity;
}

export function saveIdentity(identity: Identity, storage: KeyValue = window.localStorage): void {
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(identity));
  } catch {
    // Storage disabled: the identity lasts for this page.
  }
}

/** WCAG relative luminance of #rrggbb. */
function luminance(hex: string): number {
  const value = parseInt(hex.slice(1), 16);
  const channel = (c: number): number => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel((value >> 16) & 255) + 0.7152 * channel((value >> 8) & 255) + 0.0722 * channel(value & 255);
}

/** Text on a person's colour (avatars, cursor names): white or near-black, whichever reads better. */
export function inkOn(color: string): string {
  const l = luminance(color);
  const onWhite = 1.05 / (l + 0.05);
  const onBlack = (l + 0.05) / 0.05;
  return onWhite >= onBlack ? '#ffffff' : '#000000';
}
