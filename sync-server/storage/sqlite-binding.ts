/**
 * Which build of better-sqlite3's native addon the server loads. Run by Node (`npm run server`,
 * the tests, a self-hosted server) it is the package's own build, found as usual. Run by the
 * desktop app in an Electron utility process, whose Node has another ABI, it is the separate
 * Electron build the app names in WHITEBOARD_SQLITE_BINDING (main/sqlite-binding.ts), handed to
 * better-sqlite3's `nativeBinding` option. Worker threads inherit the environment, so the storage
 * thread loads the same build. (`whiteboard-server backup` always runs under Node.)
 */
export const SQLITE_BINDING_ENV = 'WHITEBOARD_SQLITE_BINDING';

export function sqliteBindingOptions(env: Readonly<Record<string, string | undefined>> = process.env): { nativeBinding?: string } {
  const file = env[SQLITE_BINDING_ENV];
  return file ? { nativeBinding: file } : {};
}
