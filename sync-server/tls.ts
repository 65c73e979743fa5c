/**
 * TLS without a proxy in front: the certificate chain and key (PEM files, as certbot writes them) are checked at start,
 * so a wrong path or a key that does not belong to the certificate stops the server saying so, not every handshake later.
 */
import fs from 'node:fs';
import tls from 'node:tls';

export interface TlsCredentials {
  /** PEM: the server's certificate first, then intermediates (fullchain.pem). */
  cert: Buffer;
  key: Buffer;
}

export interface TlsFiles { certFile: string; keyFile: string }

export class TlsConfigError extends Error {}

function readPem(file: string, what: string, marker: RegExp): Buffer {
  let content: Buffer;
  try {
    content = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied (is it readable by the server\'s user?)' : (error as Error).message;
    throw new TlsConfigError(`cannot read the TLS ${what} ${file}: ${why}`);
  }
  if (!marker.test(content.toString('latin1'))) throw new TlsConfigError(`the TLS ${what} ${file} is not a PEM file (expected a "-----BEGIN …-----" block)`);
  return content;
}

export function loadTlsCredentials(files: TlsFiles): TlsCredentials {
  const cert = readPem(files.certFile, 'certificate', /-----BEGIN CERTIFICATE-----/);
  const key = readPem(files.keyFile, 'key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/);
  try {
    // Builds the context a handshake would use: fails on a key that does not match the certificate.
    tls.createSecureContext({ cert, key });
  } catch (error) {
    const message = (error as Error).message;
    const why = /key values mismatch/i.test(message) ? 'the key does not belong to the certificate' : message;
    throw new TlsConfigError(`cannot use ${files.certFile} with ${files.keyFile}: ${why}`);
  }
  return { cert, key };
}
