/** Turns the per-server metrics into the printed table (and the markdown one in the results). */
import type { Metric } from './scenarios/common';
import { COMPARED_NAMES, SERVER_NAMES, SERVER_SHORT_NAMES, type ServerName } from './servers';
import { formatFigure } from './stats';

export type Results = Record<string, Partial<Record<ServerName, Metric[]>>>;

function ratio(ours: number | undefined, theirs: number | undefined): string {
  if (ours === undefined || theirs === undefined || Number.isNaN(ours) || Number.isNaN(theirs)) return '–';
  if (theirs === 0) return ours === 0 ? '1.00' : '∞';
  return (ours / theirs).toFixed(2);
}

export interface TableRow {
  scenario: string;
  label: string;
  cells: string[];
}

export function tableRows(results: Results, titles: Record<string, string>): TableRow[] {
  const rows: TableRow[] = [];
  for (const [scenario, byServer] of Object.entries(results)) {
    const keys: Metric[] = [];
    for (const name of SERVER_NAMES) for (const metric of byServer[name] ?? []) if (!keys.some((k) => k.key === metric.key)) keys.push(metric);
    for (const metric of keys) {
      const value = (name: ServerName): number | undefined => byServer[name]?.find((m) => m.key === metric.key)?.value;
      rows.push({
        scenario: titles[scenario] ?? scenario,
        label: metric.label,
        cells: [
          ...SERVER_NAMES.map((name) => formatFigure(value(name), metric.unit)),
          ...COMPARED_NAMES.map((peer) => (metric.info ? '' : ratio(value('ours'), value(peer)))),
        ],
      });
    }
  }
  return rows;
}

const HEADER = ['metric', ...SERVER_NAMES, ...COMPARED_NAMES.map((peer) => `ours/${SERVER_SHORT_NAMES[peer]}`)];

export function textTable(rows: readonly TableRow[]): string {
  const lines: string[][] = [];
  let scenario = '';
  for (const row of rows) {
    if (row.scenario !== scenario) {
      scenario = row.scenario;
      lines.push([`— ${scenario}`, ...HEADER.slice(1).map(() => '')]);
    }
    lines.push([`  ${row.label}`, ...row.cells]);
  }
  const widths = HEADER.map((h, i) => Math.max(h.length, ...lines.map((line) => (line[i]!.startsWith('—') ? 0 : line[i]!.length))));
  const pad = (cells: string[]): string =>
    cells[0]!.startsWith('—') ? cells[0]! : cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [pad(HEADER), ...lines.map(pad)].join('\n');
}

export function markdownTable(rows: readonly TableRow[]): string {
  const out = [`| ${HEADER.join(' | ')} |`, `|${HEADER.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  let scenario = '';
  for (const row of rows) {
    if (row.scenario !== scenario) {
      scenario = row.scenario;
      out.push(`| **${scenario}** |${HEADER.slice(1).map(() => ' |').join('')}`);
    }
    out.push(`| ${row.label} | ${row.cells.join(' | ')} |`);
  }
  return out.join('\n');
}
