import { describe, expect, it } from 'vitest';
import { NEEDED, missingPrograms, preflightMessage } from './preflight';

describe('the test preflight', () => {
  it('names exactly the programs that are missing, found where Debian puts them or on PATH', () => {
    const present = new Set(['/usr/bin/chromium', '/opt/tools/openssl', '/usr/bin/redis-server']);
    expect(missingPrograms(NEEDED, '/usr/local/bin:/opt/tools', (file) => present.has(file))).toEqual(['nginx', 'postgresql-15']);
    expect(missingPrograms(NEEDED, '', () => false)).toEqual(['chromium', 'nginx', 'openssl', 'redis-server', 'postgresql-15']);
    expect(missingPrograms(NEEDED, '/bin', (file) => !file.includes('postgres'))).toEqual(['postgresql-15']);
    expect(missingPrograms(NEEDED, '/bin', () => true)).toEqual([]);
  });

  it('says in one line what to install, and nothing when all is there', () => {
    const message = preflightMessage(['chromium', 'nginx']);
    expect(message).toContain('sudo apt-get install -y chromium nginx');
    expect(message?.split('\n')).toHaveLength(1);
    expect(preflightMessage([])).toBeNull();
  });
});
