import type { AttachmentInfo } from '../store/attachments.js';

/** An attachment as a message lists it: what it is, and where to download it (when it was kept). */
export function presentAttachment(a: AttachmentInfo) {
  return {
    id: a.id,
    filename: a.filename,
    contentType: a.content_type,
    size: a.size,
    /** Inline image: the Content-ID its HTML refers to as cid:… */
    contentId: a.content_id,
    sha256: a.sha256,
    /** Over the size limit: only this description was kept; the original is still in the mailbox. */
    tooLarge: a.too_large === 1,
    url: a.too_large === 1 ? null : `/api/v1/attachments/${a.id}`,
  };
}
