/** What a connection may do in a room. Named in invite tokens and told to the client on join. */
export const Role = {
  /** May draw, edit and delete. */
  Editor: 'editor',
  /** May watch and show presence (cursor, name), never change the board. */
  Viewer: 'viewer',
} as const;

export type Role = (typeof Role)[keyof typeof Role];

export function isRole(value: unknown): value is Role {
  return value === Role.Editor || value === Role.Viewer;
}
