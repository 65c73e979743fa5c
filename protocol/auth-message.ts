/**
 * Auth messages (type 2), server to client: `[2][varUint subtype][payload]`.
 * - 0 PermissionDenied `[varString reason]`: as y-protocols/auth defines it.
 * - 1 Role `[varString role]`: our addition, sent once when a connection joins, so the client
 *   shows a view-only board before it tries to edit. y-protocols' reader acts on sub-type 0
 *   only and silently skips others, so official clients are not bothered by it; a new
 *   top-level type would make them log an error for every connection.
 * - 2 Version `[varUint min][varUint max]`: our addition, sent only to a client whose protocol
 *   version (version.ts) the server does not serve, just before it closes with 4426.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MessageType } from './message-type';
import { isRole, type Role } from './role';
import type { VersionRange } from './version';

export const AuthSubtype = {
  PermissionDenied: 0,
  Role: 1,
  Version: 2,
} as const;

export type AuthSubtype = (typeof AuthSubtype)[keyof typeof AuthSubtype];

export type AuthMessage =
  | { type: 'permission-denied'; reason: string }
  | { type: 'role'; role: Role }
  /** The protocol versions the server serves, sent to a client it does not serve. */
  | { type: 'version'; range: VersionRange };

export function encodeVersionNotice(range: VersionRange): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Auth);
  encoding.writeVarUint(encoder, AuthSubtype.Version);
  encoding.writeVarUint(encoder, range.min);
  encoding.writeVarUint(encoder, range.max);
  return encoding.toUint8Array(encoder);
}

export function encodeRoleNotice(role: Role): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.Auth);
  encoding.writeVarUint(encoder, AuthSubtype.Role);
  encoding.writeVarString(encoder, role);
  return encoding.toUint8Array(encoder);
}

/** Reads an Auth message's body (after the type); null for sub-types this side does not know. */
export function readAuthMessage(decoder: decoding.Decoder): AuthMessage | null {
  switch (decoding.readVarUint(decoder)) {
    case AuthSubtype.PermissionDenied:
      return { type: 'permission-denied', reason: decoding.readVarString(decoder) };
    case AuthSubtype.Role: {
      const role = decoding.readVarString(decoder);
      return isRole(role) ? { type: 'role', role } : null;
    }
    case AuthSubtype.Version:
      return { type: 'version', range: { min: decoding.readVarUint(decoder), max: decoding.readVarUint(decoder) } };
    default:
      return null;
  }
}
