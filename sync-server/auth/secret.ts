/**
 * The server's signing secret: given by the operator (--secret / WHITEBOARD_SECRET) or generated on first start and kept
 * in the data directory, readable by the server's user only, so links survive restarts. Losing it invalidates every link.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const SECRET_FILE_NAME = 'secret.key';
const SECRET_BYTES = 32;
/** An operator-given secret shorter than this is too easy to guess offline. */
export const MIN_SECRET_LENGTH = 32;

export function loadOrCreateSecret(dataDir: string, given: string | null): Buffer {
  if (given !== null) {
    if (given.length < MIN_SECRET_LENGTH) throw new Error(`the secret must be at least ${MIN_SECRET_LENGTH} characters`);
    return Buffer.from(given, 'utf8');
  }
  const file = path.join(dataDir, SECRET_FILE_NAME);
  fs.mkdirSync(dataDir, { recursive: true });
  if (fs.existsSync(file)) {
    const stored = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64url');
    if (stored.length < SECRET_BYTES) throw new Error(`${file} is damaged: it holds fewer than ${SECRET_BYTES} bytes`);
    return stored;
  }
  const secret = randomBytes(SECRET_BYTES);
  // 'wx': never overwrite a secret another process wrote meanwhile.
  fs.writeFileSync(file, `${secret.toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  return secret;
}
