import type { Generated } from 'kysely';

/** A file that came with an inbound message (an email attachment or inline image). */
export interface Attachment {
  id: Generated<number>;
  workspace_id: number;
  channel_account_id: number;
  /** The message's external id (Message-ID); with the account it finds the message. */
  message_external_id: string;
  /** Position among the message's attachments. */
  part: number;
  filename: string;
  content_type: string;
  /** Content-ID of an inline image, without angle brackets. */
  content_id: string | null;
  size: number;
  /** Hex SHA-256 of the content, also for files too large to keep. */
  sha256: string;
  /** 1: over the size limit, only its metadata is kept (content is null). */
  too_large: number;
  content: Buffer | null;
  created_at: number;
}
export const tableName = 'attachment';
export type PartialDB = { [tableName]: Attachment };
