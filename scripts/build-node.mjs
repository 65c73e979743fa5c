// Bundles the Node-side entry points with esbuild. Dependencies stay external (they are
// installed beside the bundle, and better-sqlite3 is a native addon); our own folders
// (protocol/, sync-server/, main/) are bundled in.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const define = { __APP_VERSION__: JSON.stringify(pkg.version) };

const targets = {
  server: [
    { entryPoints: ['sync-server/cli.ts'], outfile: 'dist/sync-server/cli.js', format: 'esm', platform: 'node' },
    { entryPoints: ['sync-server/storage/sqlite-thread.ts'], outfile: 'dist/sync-server/sqlite-thread.js', format: 'esm', platform: 'node' },
    { entryPoints: ['sync-server/engine/engine-thread.ts'], outfile: 'dist/sync-server/engine-thread.js', format: 'esm', platform: 'node' },
    { entryPoints: ['sync-server/history/history-thread.ts'], outfile: 'dist/sync-server/history-thread.js', format: 'esm', platform: 'node' },
    { entryPoints: ['sync-server/cluster/merge-thread.ts'], outfile: 'dist/sync-server/merge-thread.js', format: 'esm', platform: 'node' },
  ],
  main: [
    { entryPoints: ['main/main.ts'], outfile: 'dist/main/main.cjs', format: 'cjs', platform: 'node', external: ['electron'] },
    // Sandboxed preloads cannot load modules: bundle everything but electron into one CJS file.
    { entryPoints: ['main/preload.ts'], outfile: 'dist/main/preload.cjs', format: 'cjs', platform: 'node', external: ['electron'], packages: 'bundle' },
  ],
};

const which = process.argv[2];
const selected = which ? targets[which] : Object.values(targets).flat();
if (!selected) {
  console.error(`unknown target ${which}; expected one of ${Object.keys(targets).join(', ')}`);
  process.exit(2);
}
for (const options of selected) {
  await build({ bundle: true, packages: 'external', target: 'node20', sourcemap: true, define, logLevel: 'warning', ...options });
}
