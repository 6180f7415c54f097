import type { Generated } from 'kysely';

export interface Contact {
  id: Generated<number>;
  workspace_id: number;
  name: string | null;
  email: string | null;
  phone: string | null;
  /** Set when this profile was merged into another; the row stays so old links resolve. */
  merged_into: number | null;
  created_at: number;
  updated_at: number;
}
/** One identity of a contact on one channel (an X user, an email address, …). */
export interface ContactIdentity {
  id: Generated<number>;
  workspace_id: number;
  contact_id: number;
  channel: string;
  external_id: string;
  handle: string | null;
  name: string | null;
  followers: number | null;
  created_at: number;
  updated_at: number;
}
export const tableName = 'contact';
export type PartialDB = { [tableName]: Contact; contact_identity: ContactIdentity };
