/**
 * Test helper: a throwaway self-signed certificate for 127.0.0.1 and localhost, made by Debian's
 * `openssl` into a directory of the caller's. Clients trust it by passing the certificate as `ca`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** openssl generates a P-256 key in well under a second; this only guards against a hang. */
const OPENSSL_TIMEOUT_MS = 15_000;

export interface SelfSigned {
  certFile: string;
  keyFile: string;
  /** The certificate's PEM, to pass as `ca` to a client. */
  cert: Buffer;
}

export function makeSelfSignedCert(dir: string, name = 'server'): SelfSigned {
  const certFile = path.join(dir, `${name}.crt`);
  const keyFile = path.join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', `/CN=${name} test certificate`,
      // Clients check the address they dialled against the subjectAltName, never the CN.
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ],
    { stdio: 'pipe', timeout: OPENSSL_TIMEOUT_MS },
  );
  return { certFile, keyFile, cert: fs.readFileSync(certFile) };
}
