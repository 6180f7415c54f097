/**
 * Readers for the public data sets kept beside the repository in `../shared/data/`. They feed
 * training (only the sets whose licence allows shipping a model) and evaluation (all of them).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function dataDir(): string {
  return process.env.CONVERSA_DATA_DIR ?? path.resolve(REPO_ROOT, '../shared/data');
}

export class MissingDataError extends Error {
  override name = 'MissingDataError';
}

export type SentimentLabel = 'negative' | 'neutral' | 'positive';
export const SENTIMENT_LABELS: SentimentLabel[] = ['negative', 'neutral', 'positive'];

export interface LabelledText<L extends string = string> {
  text: string;
  label: L;
}

function requireFile(file: string): string {
  if (!existsSync(file)) {
    throw new MissingDataError(
      `data file not found: ${file}. Put the shared data sets in ${dataDir()} (or set CONVERSA_DATA_DIR).`,
    );
  }
  return file;
}

/** The English XLM-T files spell some characters as literal `\uXXXX` escapes. */
function unescapeText(text: string): string {
  return text.replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export function readXlmt(language: 'english' | 'spanish', split: 'train' | 'val'): LabelledText<SentimentLabel>[] {
  const dir = path.join(dataDir(), 'sentiment-xlmt', language);
  const texts = readFileSync(requireFile(path.join(dir, `${split}_text.txt`)), 'utf8').split('\n');
  const labels = readFileSync(requireFile(path.join(dir, `${split}_labels.txt`)), 'utf8').split('\n');
  const rows: LabelledText<SentimentLabel>[] = [];
  for (let i = 0; i < labels.length; i++) {
    const label = SENTIMENT_LABELS[Number(labels[i])];
    if (labels[i].trim() === '' || label === undefined) continue;
    rows.push({ text: unescapeText(texts[i] ?? '').trim(), label });
  }
  return rows;
}

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(requireFile(file), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
    relax_quotes: true,
    relax_column_count: true,
  }) as Record<string, string>[];
}

export function readComplaints(): LabelledText<'complaint' | 'not_complaint'>[] {
  return readCsv(path.join(dataDir(), 'complaints-en', 'complaints-dev.csv'))
    .filter((r) => r.text && (r.label === '0' || r.label === '1'))
    .map((r) => ({ text: r.text, label: r.label === '1' ? 'complaint' : 'not_complaint' }));
}

export function readAirlines(language: 'es' | 'en'): LabelledText<SentimentLabel>[] {
  const file =
    language === 'es'
      ? path.join(dataDir(), 'sentiment-es-airlines', 'tweets-es-dev.csv')
      : path.join(dataDir(), 'sentiment-en-airlines', 'tweets-en-dev.csv');
  return readCsv(file)
    .filter((r) => r.text && (SENTIMENT_LABELS as string[]).includes(r.airline_sentiment))
    .map((r) => ({ text: r.text, label: r.airline_sentiment as SentimentLabel }));
}

export function readTwcsInbound(limit: number): string[] {
  const file = path.join(dataDir(), 'twcs', 'twcs-sample-5000.csv');
  if (!existsSync(file)) return [];
  return readCsv(file)
    .filter((r) => r.inbound === 'True' && r.text)
    .slice(0, limit)
    .map((r) => r.text);
}
