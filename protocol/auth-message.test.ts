import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { encodeRoleNotice, encodeVersionNotice, readAuthMessage } from './auth-message';
import { MessageType } from './message-type';

function body(message: Uint8Array): decoding.Decoder {
  const decoder = decoding.createDecoder(message);
  expect(decoding.readVarUint(decoder)).toBe(MessageType.Auth);
  return decoder;
}

describe('auth messages', () => {
  it('round-trip the role notice', () => {
    expect(readAuthMessage(body(encodeRoleNotice('viewer')))).toEqual({ type: 'role', role: 'viewer' });
  });

  it('round-trip the version notice', () => {
    expect(readAuthMessage(body(encodeVersionNotice({ min: 1, max: 3 })))).toEqual({ type: 'version', range: { min: 1, max: 3 } });
  });

  it('read y-protocols\u2019 permission denied', () => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Auth);
    authProtocol.writePermissionDenied(encoder, 'nope');
    expect(readAuthMessage(body(encoding.toUint8Array(encoder)))).toEqual({ type: 'permission-denied', reason: 'nope' });
  });

  it('are skipped quietly by y-protocols\u2019 own reader (what official clients run)', () => {
    const denied: string[] = [];
    authProtocol.readAuthMessage(body(encodeRoleNotice('editor')), new Y.Doc(), (_doc, reason) => denied.push(reason));
    expect(denied).toEqual([]);
  });

  it('ignore unknown roles and sub-types', () => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.Auth);
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarString(encoder, 'admin');
    expect(readAuthMessage(body(encoding.toUint8Array(encoder)))).toBeNull();
  });
});
