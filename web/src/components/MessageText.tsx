import type { ReactNode } from 'react';

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/gi;

/** Trailing punctuation belongs to the sentence, not the link. */
function trimUrl(raw: string): string {
  return raw.replace(/[.,;:!?)\]}»”’]+$/u, '');
}

/**
 * Customer text is rendered as text, always: React escapes it, and links become anchors whose
 * visible text is their real target, so nobody clicks a disguised address.
 */
export function MessageText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = trimUrl(match[0]);
    const start = match.index ?? 0;
    if (start > last) parts.push(text.slice(last, start));
    let href: string | null = null;
    try {
      const parsed = new URL(url);
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:') href = parsed.href;
    } catch {
      href = null;
    }
    parts.push(
      href ? (
        <a key={start} href={href} title={href} target="_blank" rel="noopener noreferrer nofollow ugc">
          {url}
        </a>
      ) : (
        url
      ),
    );
    last = start + url.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <span className="msg-text">{parts}</span>;
}
