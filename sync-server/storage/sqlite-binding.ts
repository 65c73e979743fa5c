/**
 * Which build of better-sqlite3's native addon the server loads: under Node the package's own; in the desktop app's
 * Electron utility process (another ABI) the Electron build the app names in WHITEBOARD_SQLITE_BINDING
 * (main/sqlite-binding.ts), given as `nativeBinding`. Worker threads inherit the environment, so load the same build.
 */
export const SQLITE_BINDING_ENV = 'WHITEBOARD_SQLITE_BINDING';

export function sqliteBindingOptions(): { nativeBinding?: string } {
  const file = process.env[SQLITE_BINDING_ENV];
  return file ? { nativeBinding: file } : {};
}
