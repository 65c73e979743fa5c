/**
 * `npm run lint:electron`: Electronegativity (Doyensec's Electron security scanner) over the
 * main process, the preload and the renderer, scanned together so that checks spanning them
 * (navigation limits, CSP) see the whole app. Fails on any finding not explained in
 * docs/ELECTRON-SECURITY.md, on any explanation left without its finding, and on any file the
 * scanner could not parse (an unparsed file is an unchecked file).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareFindings, parseAcceptedFindings, type Finding } from './electronegativity-findings';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCANNED_FOLDERS = ['main', 'renderer'];
/**
 * AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK downloads Electron's release list from GitHub on every
 * run, which CI cannot reach; Electron's version is pinned in package.json and upgraded through
 * npm like every other dependency (see docs/ELECTRON-SECURITY.md).
 */
// (The scanner names checks by class name here, by id in its report.)
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

interface RawIssue {
  id: string;
  file: string;
  location: { line: number };
  description: string;
  manualReview: boolean;
}
interface RunResult {
  issues: RawIssue[];
  errors: { file: string; message: string; tolerable: boolean }[];
}
type Run = (options: Record<string, unknown>) => Promise<RunResult>;

const require = createRequire(import.meta.url);
const run = require('@doyensec/electronegativity') as Run;
const electronVersion = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.electron;

const workDir = mkdtempSync(path.join(tmpdir(), 'whiteboard-electronegativity-'));
try {
  for (const folder of SCANNED_FOLDERS) {
    cpSync(path.join(root, folder), path.join(workDir, folder), {
      recursive: true,
      filter: (source) => !/\.test\.ts$/.test(source) && !source.includes(`${path.sep}node_modules`),
    });
  }
  const result = await run({
    input: workDir,
    isRelative: true,
    electronVersionOverride: electronVersion,
    customScan: [],
    excludeFromScan: EXCLUDED_CHECKS,
    parserPlugins: [],
  });
  const findings: Finding[] = result.issues.map((issue) => ({
    id: issue.id,
    file: issue.file,
    line: issue.location.line,
    description: issue.description,
    manualReview: issue.manualReview,
  }));
  const accepted = parseAcceptedFindings(readFileSync(path.join(root, 'docs', 'ELECTRON-SECURITY.md'), 'utf8'));
  const { unexplained, stale } = compareFindings(findings, accepted);
  const parseErrors = result.errors.filter((error) => !error.tolerable);

  for (const finding of findings) {
    const explained = !unexplained.includes(finding);
    console.log(`${explained ? 'explained  ' : 'UNEXPLAINED'} ${finding.id} ${finding.file}:${finding.line}`);
  }
  for (const entry of stale) console.log(`STALE       ${entry.id} ${entry.file}: explained in docs/ELECTRON-SECURITY.md but no longer found; remove the row`);
  for (const error of parseErrors) console.log(`UNPARSED    ${error.file}: ${error.message}`);
  for (const finding of unexplained) console.log(`\n${finding.id} (${finding.file}:${finding.line}): ${finding.description}`);

  const failed = unexplained.length + stale.length + parseErrors.length;
  console.log(`\nElectronegativity: ${findings.length} finding(s), ${findings.length - unexplained.length} explained, ${unexplained.length} unexplained, ${stale.length} stale, ${parseErrors.length} unparsed file(s).`);
  if (failed > 0) {
    console.log('Fix the code, or explain the finding in the "Accepted findings" table of docs/ELECTRON-SECURITY.md.');
    process.exitCode = 1;
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}
