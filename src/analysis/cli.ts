/**
 * Line-oriented glue for `conversa classify` and `conversa guard`: JSON lines in, JSON lines out,
 * one output line per input line. A bad line gets an `error` saying what is wrong and the run
 * goes on, so one broken record never stops a batch.
 */
import { createInterface } from 'node:readline';
import { analyzeMessage } from './analyze-message.js';
import { guardReply } from './guard/guard-reply.js';
import type { MessageInput } from './types.js';

export interface LineRunResult {
  count: number;
  errors: number;
}

type Json = Record<string, unknown>;

class LineError extends Error {
  override name = 'LineError';
}

export async function runClassify(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<LineRunResult> {
  return runLines(input, output, (record) => {
    const message: MessageInput = { text: requireText(record) };
    if (record.followers !== undefined && record.followers !== null) {
      message.followers = requireNumber(record, 'followers');
    }
    if (record.visibility !== undefined) {
      if (record.visibility !== 'public' && record.visibility !== 'private') {
        throw new LineError('"visibility" must be "public" or "private"');
      }
      message.visibility = record.visibility;
    }
    if (record.waitingSeconds !== undefined) message.waitingSeconds = requireNumber(record, 'waitingSeconds');
    if (record.metrics !== undefined) {
      if (typeof record.metrics !== 'object' || record.metrics === null) throw new LineError('"metrics" must be an object');
      message.metrics = record.metrics as MessageInput['metrics'];
    }
    const a = analyzeMessage(message);
    return {
      language: a.language.code,
      languageConfidence: a.language.confidence,
      sentiment: { label: a.sentiment.label, score: a.sentiment.score },
      intents: a.intents,
      complaint: a.complaint,
      urgency: a.urgency,
      priority: a.priority,
      entities: a.entities,
      terms: a.terms,
    };
  });
}

export async function runGuard(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<LineRunResult> {
  return runLines(input, output, (record) => {
    const text = requireText(record);
    if (typeof record.channel !== 'string' || record.channel === '') {
      throw new LineError('"channel" must be a channel name such as "x", "facebook" or "email"');
    }
    if (typeof record.public !== 'boolean') throw new LineError('"public" must be true or false');
    const language = typeof record.language === 'string' ? record.language : undefined;
    const result = guardReply({ text, channel: record.channel, public: record.public, language });
    return { findings: result.findings, blocked: result.blocked };
  });
}

async function runLines(
  input: NodeJS.ReadableStream,
  output: NodeJS.WritableStream,
  handle: (record: Json) => Json,
): Promise<LineRunResult> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let count = 0;
  let errors = 0;
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    count++;
    let id: unknown = null;
    let out: Json;
    try {
      const record = parseRecord(line, lineNumber);
      id = record.id ?? null;
      out = { id, ...handle(record) };
    } catch (err) {
      if (!(err instanceof LineError)) throw err;
      errors++;
      out = { id, error: `line ${lineNumber}: ${err.message}` };
    }
    if (!output.write(`${JSON.stringify(out)}\n`)) {
      await new Promise<void>((resolve) => output.once('drain', () => resolve()));
    }
  }
  return { count, errors };
}

function parseRecord(line: string, lineNumber: number): Json {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    throw new LineError(`not valid JSON (${(err as Error).message}); each line must be one JSON object`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LineError(`expected a JSON object like {"id": "1", "text": "…"} on line ${lineNumber}`);
  }
  return value as Json;
}

function requireText(record: Json): string {
  if (typeof record.text !== 'string') throw new LineError('"text" is missing or not a string');
  return record.text;
}

function requireNumber(record: Json, field: string): number {
  const v = record[field];
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new LineError(`"${field}" must be a number ≥ 0`);
  return v;
}
