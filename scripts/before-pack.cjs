// electron-builder beforePack hook: builds better-sqlite3 for the Electron version, system and
// architecture being packed (scripts/electron-sqlite.ts) into dist/native/electron-<os>-<arch>,
// which electron-builder.yml's extraResources copies to resources/native. node_modules keeps its
// build for the system's Node (npmRebuild is off): see main/sqlite-binding.ts.
// CommonJS because electron-builder require()s hooks; the build script is TypeScript, run by tsx.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { Arch } = require('electron-builder');

/** The build script's arguments for one packing: `--electron <version> --os <os> --arch <arch>`. */
function electronSqliteArgs(context) {
  // The context's arch is electron-builder's Arch enum; its name is what ${arch} expands to.
  const arch = Arch[context.arch];
  if (!arch) throw new Error(`beforePack: unknown architecture ${context.arch}`);
  return ['--electron', context.packager.info.framework.version, '--os', context.packager.platform.buildConfigurationKey, '--arch', arch];
}

exports.electronSqliteArgs = electronSqliteArgs;

exports.default = async function beforePack(context) {
  const root = path.join(__dirname, '..');
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(__dirname, 'electron-sqlite.ts'), ...electronSqliteArgs(context)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('beforePack: SQLite for Electron could not be built (see above)');
};
