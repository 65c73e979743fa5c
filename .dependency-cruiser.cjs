/**
 * The import rules of DESIGN.md ("Layout"), checked on every `npm test`. A forbidden import
 * fails the build; `import-rules.test.ts` proves each rule bites.
 */
const NODE_ONLY_PACKAGES = '^(ws|better-sqlite3|pino|sirv|electron|prom-client|ioredis|pg|ipaddr\\.js)$';

/** @type {import('dependency-cruiser').IConfiguration['forbidden']} */
const forbidden = [
  {
    name: 'protocol-is-pure',
    comment: 'protocol/ is shared by every side: it may import only yjs, lib0 and itself (no DOM, no Node, no Electron). Its tests may use test tooling.',
    severity: 'error',
    from: { path: '^protocol/', pathNot: '\\.test\\.ts$' },
    to: { pathNot: ['^protocol/', '^node_modules/(yjs|lib0)/'] },
  },
  {
    name: 'sync-server-stays-server',
    comment: 'sync-server/ may import protocol/, Node and its own dependencies, never the app.',
    severity: 'error',
    from: { path: '^sync-server/' },
    to: { path: '^(main|renderer|e2e|bench)/' },
  },
  {
    name: 'main-never-imports-renderer-or-server',
    comment: 'main/ starts the built sync server as a process; it never imports it, nor the renderer.',
    severity: 'error',
    from: { path: '^main/' },
    to: { path: '^(renderer|sync-server|e2e|bench)/' },
  },
  {
    name: 'renderer-only-through-the-bridge',
    comment: 'renderer/ talks to main/ only through window.whiteboard; it may import the bridge type, nothing else of main/ or the server.',
    severity: 'error',
    from: { path: '^renderer/' },
    to: { path: '^(main|sync-server|e2e|bench)/', pathNot: '^main/bridge-api\\.ts$' },
  },
  {
    name: 'renderer-bridge-type-only',
    comment: 'The bridge is imported for its type only: its code runs in the preload, not the page.',
    severity: 'error',
    from: { path: '^renderer/' },
    to: { path: '^main/bridge-api\\.ts$', dependencyTypesNot: ['type-only'] },
  },
  {
    name: 'renderer-no-node',
    comment: 'renderer/ runs in a browser too: no Node built-ins, no server-side packages.',
    severity: 'error',
    from: { path: '^renderer/' },
    to: { dependencyTypes: ['core'] },
  },
  {
    name: 'renderer-no-node-packages',
    severity: 'error',
    from: { path: '^renderer/' },
    to: { path: `^node_modules/(${NODE_ONLY_PACKAGES.slice(2, -2)})/` },
  },
  {
    name: 'board-is-the-model',
    comment: 'renderer/board/ is the Y.Doc model: no Konva, no views, tools, collab or UI.',
    severity: 'error',
    from: { path: '^renderer/board/' },
    to: { path: ['^renderer/(canvas|tools|collab|ui)/', '^node_modules/konva/'] },
  },
  {
    name: 'canvas-draws-the-board',
    comment: 'renderer/canvas/ may depend on board/ only.',
    severity: 'error',
    from: { path: '^renderer/canvas/' },
    to: { path: '^renderer/(tools|collab|ui)/' },
  },
  {
    name: 'tools-write-the-board',
    comment: 'renderer/tools/ may depend on board/ and canvas/ only.',
    severity: 'error',
    from: { path: '^renderer/tools/' },
    to: { path: '^renderer/(collab|ui)/' },
  },
  {
    name: 'collab-depends-on-board-only',
    severity: 'error',
    from: { path: '^renderer/collab/' },
    to: { path: ['^renderer/(canvas|tools|ui)/', '^node_modules/konva/'] },
  },
  {
    name: 'no-circular',
    severity: 'error',
    from: {},
    to: { circular: true },
  },
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden,
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.tools.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
