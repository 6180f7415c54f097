import fs from 'node:fs';
import { parse } from 'csv-parse';
import type { NormalizedMessage } from '../domain/message.js';

/**
 * The "Customer Support on Twitter" CSV: tweet_id, author_id, inbound, created_at, text,
 * response_tweet_id (comma-separated children), in_response_to_tweet_id (parent; written as a
 * float, "3.0"). Brands answer as non-inbound authors.
 */
export interface TwcsRow {
  tweetId: string;
  authorId: string;
  inbound: boolean;
  createdAt: string;
  text: string;
  responseIds: string[];
  inResponseTo: string | null;
}

function tweetId(raw: string | undefined): string | null {
  if (!raw) return null;
  const t = raw.trim();
  if (!t) return null;
  // Parents are written as floats ("3.0"); ids are whole numbers.
  const m = /^(\d+)(?:\.0+)?$/.exec(t);
  return m ? m[1]! : t;
}

export async function* readTwcs(file: string): AsyncGenerator<TwcsRow> {
  const parser = fs.createReadStream(file).pipe(parse({ columns: true, relax_quotes: true, skip_empty_lines: true }));
  for await (const rec of parser as AsyncIterable<Record<string, string>>) {
    const id = tweetId(rec.tweet_id);
    if (!id) continue;
    const created = new Date(rec.created_at ?? '');
    yield {
      tweetId: id,
      authorId: (rec.author_id ?? '').trim(),
      inbound: /^true$/i.test((rec.inbound ?? '').trim()),
      createdAt: Number.isNaN(created.getTime()) ? new Date(0).toISOString() : created.toISOString(),
      text: rec.text ?? '',
      responseIds: (rec.response_tweet_id ?? '').split(',').map(tweetId).filter((x): x is string => !!x),
      inResponseTo: tweetId(rec.in_response_to_tweet_id),
    };
  }
}

/** Union-find over tweet ids: each reply tree, including trees whose root is missing from the file. */
export class ThreadForest {
  private parent = new Map<string, string>();
  private brand = new Map<string, string>();
  private rootMin = new Map<string, string>();

  private find(x: string): string {
    let p = this.parent.get(x);
    if (p === undefined) {
      this.parent.set(x, x);
      return x;
    }
    while (p !== x) {
      const gp = this.parent.get(p)!;
      this.parent.set(x, gp);
      x = p;
      p = this.parent.get(x)!;
    }
    return x;
  }

  private union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    this.parent.set(rb, ra);
    const ma = this.rootMin.get(ra) ?? ra;
    const mb = this.rootMin.get(rb) ?? rb;
    this.rootMin.set(ra, compareIds(ma, mb) <= 0 ? ma : mb);
    const bb = this.brand.get(rb);
    if (bb && !this.brand.has(ra)) this.brand.set(ra, bb);
  }

  add(row: TwcsRow): void {
    this.find(row.tweetId);
    if (row.inResponseTo) this.union(row.tweetId, row.inResponseTo);
    for (const child of row.responseIds) this.union(row.tweetId, child);
    if (!row.inbound) {
      const r = this.find(row.tweetId);
      if (!this.brand.has(r)) this.brand.set(r, row.authorId);
    }
  }

  /** A stable name for the tree: its smallest tweet id. */
  rootOf(id: string): string {
    const r = this.find(id);
    return this.rootMin.get(r) ?? r;
  }

  brandOf(id: string): string | undefined {
    return this.brand.get(this.find(id));
  }
}

function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

export function twcsToMessage(row: TwcsRow, forest: ThreadForest, account: string): NormalizedMessage {
  return {
    channel: 'x',
    account,
    externalId: row.tweetId,
    author: { id: row.authorId, handle: row.authorId, name: null, followers: null },
    text: row.text,
    visibility: 'public',
    inReplyTo: row.inResponseTo,
    rootId: `tree:${forest.rootOf(row.tweetId)}`,
    createdAt: row.createdAt,
    direction: row.inbound ? 'inbound' : 'outbound',
  };
}

/** The brand a tree belongs to: the brand that answered in it, else the first brand it mentions. */
export function accountForRow(row: TwcsRow, forest: ThreadForest, knownBrands: Set<string>): string {
  const brand = forest.brandOf(row.tweetId);
  if (brand) return brand;
  for (const m of row.text.matchAll(/@(\w+)/g)) if (knownBrands.has(m[1]!)) return m[1]!;
  return 'twcs-unanswered';
}
