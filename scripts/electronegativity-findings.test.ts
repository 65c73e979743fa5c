import { describe, expect, it } from 'vitest';
import { compareFindings, parseAcceptedFindings, type Finding } from './electronegativity-findings';

const DOC = `# Security

## Accepted findings

| check | file | why |
|---|---|---|
| \`PRELOAD_JS_CHECK\` | \`main/window.ts\` | The preload exposes verbs only; every argument is validated in main. |
| \`CSP_GLOBAL_CHECK\` | \`N/A\` | The policy is strict: no inline script, no eval, no remote script. |

## Something else

| \`OPEN_EXTERNAL_JS_CHECK\` | \`main/app-verbs.ts\` | Not in the accepted section, so not accepted. |
`;

function finding(id: string, file: string): Finding {
  return { id, file, line: 1, description: '', manualReview: false };
}

describe('parseAcceptedFindings', () => {
  it('reads the rows of the accepted section only', () => {
    expect(parseAcceptedFindings(DOC).map((entry) => [entry.id, entry.file])).toEqual([
      ['PRELOAD_JS_CHECK', 'main/window.ts'],
      ['CSP_GLOBAL_CHECK', 'N/A'],
    ]);
  });

  it('refuses a row without a real reason', () => {
    expect(() => parseAcceptedFindings('## Accepted findings\n| `X_CHECK` | `a.ts` | ok |\n')).toThrow(/too short/);
  });
});

describe('compareFindings', () => {
  const accepted = parseAcceptedFindings(DOC);

  it('passes when every finding is explained', () => {
    expect(compareFindings([finding('PRELOAD_JS_CHECK', 'main\\window.ts'), finding('CSP_GLOBAL_CHECK', 'N/A')], accepted)).toEqual({ unexplained: [], stale: [] });
  });

  it('reports a finding without an explanation, and one explained for another file', () => {
    const { unexplained } = compareFindings(
      [finding('PRELOAD_JS_CHECK', 'main/window.ts'), finding('CSP_GLOBAL_CHECK', 'N/A'), finding('OPEN_EXTERNAL_JS_CHECK', 'main/app-verbs.ts'), finding('PRELOAD_JS_CHECK', 'main/other.ts')],
      accepted,
    );
    expect(unexplained.map((f) => `${f.id} ${f.file}`)).toEqual(['OPEN_EXTERNAL_JS_CHECK main/app-verbs.ts', 'PRELOAD_JS_CHECK main/other.ts']);
  });

  it('reports explanations that no longer match a finding', () => {
    expect(compareFindings([finding('PRELOAD_JS_CHECK', 'main/window.ts')], accepted).stale.map((entry) => entry.id)).toEqual(['CSP_GLOBAL_CHECK']);
  });
});
