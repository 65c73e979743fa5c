/**
 * Electronegativity's findings against the accepted ones. Each accepted finding is a row of the
 * table under "## Accepted findings" in docs/ELECTRON-SECURITY.md, with its reason beside it:
 *
 *   | `CHECK_ID` | `file` | why it is acceptable |
 *
 * so the explanation and the allow-list are one text. A finding with no row fails the check,
 * and so does a row that no longer matches a finding (explanations must not outlive the code).
 */
export interface Finding {
  id: string;
  file: string;
  line: number;
  description: string;
  manualReview: boolean;
}

export interface AcceptedFinding {
  id: string;
  file: string;
  reason: string;
}

const SECTION_HEADING = /^##\s+Accepted findings\s*$/;
const ROW = /^\|\s*`([A-Z0-9_]+)`\s*\|\s*`([^`]+)`\s*\|\s*(.*?)\s*\|\s*$/;

export function parseAcceptedFindings(markdown: string): AcceptedFinding[] {
  const accepted: AcceptedFinding[] = [];
  let inSection = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('## ')) inSection = SECTION_HEADING.test(line);
    if (!inSection) continue;
    const match = ROW.exec(line);
    if (!match) continue;
    const [, id, file, reason] = match as unknown as [string, string, string, string];
    if (reason.length < 20) throw new Error(`docs/ELECTRON-SECURITY.md: the reason for ${id} in ${file} is too short to explain anything`);
    accepted.push({ id, file, reason });
  }
  return accepted;
}

/** The same file in the scanner's report (relative, either slash) and in the doc. */
function sameFile(a: string, b: string): boolean {
  return a.replace(/\\/g, '/').replace(/^\.\//, '') === b.replace(/\\/g, '/').replace(/^\.\//, '');
}

export function compareFindings(findings: readonly Finding[], accepted: readonly AcceptedFinding[]) {
  const unexplained = findings.filter((finding) => !accepted.some((entry) => entry.id === finding.id && sameFile(entry.file, finding.file)));
  const stale = accepted.filter((entry) => !findings.some((finding) => entry.id === finding.id && sameFile(entry.file, finding.file)));
  return { unexplained, stale };
}
