import { request } from './api-client.js';
import { displayHandle } from './channels.js';
import type { CannedResponse } from './types.js';

/** What a canned response's variables are filled from. */
export interface CannedContext {
  contact: { name?: string | null; handle?: string | null; channel?: string } | null;
  agent: { name: string } | null;
  brand: { name?: string | null } | null;
}

export interface RenderedCanned {
  text: string;
  /** Variables left in the text as written: unknown names, or known ones with nothing to fill them. */
  unfilled: string[];
}

const VARIABLE = /\{\{\s*([a-z_.]+)\s*\}\}/gi;

export const CANNED_VARIABLES = ['contact.first_name', 'contact.name', 'contact.handle', 'agent.first_name', 'agent.name', 'brand.name'] as const;

function firstName(name: string | null | undefined): string {
  return (name ?? '').trim().split(/\s+/)[0] ?? '';
}

function value(variable: string, ctx: CannedContext): string {
  const contact = ctx.contact;
  const handle = contact ? displayHandle(contact.channel ?? '', contact.handle) : '';
  switch (variable) {
    case 'contact.first_name':
      // Without a name, the handle still greets a real person; "Hi ," would not.
      return firstName(contact?.name) || handle;
    case 'contact.name':
      return contact?.name?.trim() || handle;
    case 'contact.handle':
      return handle;
    case 'agent.first_name':
      return firstName(ctx.agent?.name);
    case 'agent.name':
      return ctx.agent?.name.trim() ?? '';
    case 'brand.name':
      return ctx.brand?.name?.trim() ?? '';
    default:
      return '';
  }
}

/**
 * Fills `{{contact.first_name}}` and the other known variables. Whatever cannot be filled stays as
 * written, so the agent sees it in the draft instead of the customer receiving a blank.
 */
export function renderCanned(template: string, ctx: CannedContext): RenderedCanned {
  const unfilled: string[] = [];
  const text = template.replace(VARIABLE, (whole, name: string) => {
    const v = value(name.toLowerCase(), ctx);
    if (v) return v;
    if (!unfilled.includes(whole)) unfilled.push(whole);
    return whole;
  });
  return { text, unfilled };
}

/** Variables still in a draft: the composer flags them until the agent edits them out. */
export function placeholdersIn(text: string): string[] {
  return [...new Set(text.match(VARIABLE) ?? [])];
}

/** The reply as it goes out: the signature after a blank line, when there is one. */
export function withSignature(text: string, signature: string | null | undefined): string {
  const sig = signature?.trim();
  return sig ? `${text.replace(/\s+$/, '')}\n\n${sig}` : text;
}

export interface CannedItem {
  id: number;
  shortcut: string;
  title: string;
  text: string;
  language: string | null;
  /** Null: for every team. */
  teamId?: number | null;
}

/**
 * Canned responses matching what the agent typed: shortcuts that start with it first, then those in
 * the conversation's language, then those for any language; within each, the conversation team's
 * own answers before those for every team, and another team's last. Titles match by word start; the
 * text only once the query is long enough to mean something (two letters are in every answer).
 */
export function searchCanned<T extends CannedItem>(items: readonly T[], query: string, language: string | null | undefined, teamId?: number | null): T[] {
  const q = query.trim().toLowerCase();
  const prefix = (c: T) => !!q && c.shortcut.toLowerCase().startsWith(q);
  const matches = items.filter(
    (c) =>
      !q ||
      c.shortcut.toLowerCase().includes(q) ||
      c.title.toLowerCase().split(/\s+/).some((w) => w.startsWith(q)) ||
      (q.length >= 3 && c.text.toLowerCase().includes(q)),
  );
  const languageRank = (c: T) => (!language || c.language === language ? 0 : c.language === null ? 1 : 2);
  // A language the customer cannot read is worse than another team's wording: language ranks first.
  const teamRank = (c: T) => (teamId == null || c.teamId == null ? (c.teamId == null ? 1 : 2) : c.teamId === teamId ? 0 : 2);
  const rank = (c: T) => (prefix(c) ? 0 : 9) + languageRank(c) * 3 + (teamId == null ? 0 : teamRank(c));
  return matches
    .map((c, i) => ({ c, i, r: rank(c) }))
    .sort((a, b) => a.r - b.r || a.c.shortcut.localeCompare(b.c.shortcut) || a.i - b.i)
    .map((x) => x.c);
}

export interface CannedInput {
  shortcut: string;
  title: string;
  text: string;
  language: 'es' | 'en' | null;
  teamId: number | null;
}

/** Managing canned responses (supervisors, admins): src/api/routes/canned-responses.ts. */
export const cannedApi = {
  list: () => request<{ items: CannedResponse[] }>('GET', '/canned-responses'),
  create: (body: CannedInput) => request<{ cannedResponse: CannedResponse }>('POST', '/canned-responses', body),
  update: (id: number, body: Partial<CannedInput>) => request<{ cannedResponse: CannedResponse }>('PATCH', `/canned-responses/${id}`, body),
  remove: (id: number) => request<null>('DELETE', `/canned-responses/${id}`),
};
