/** Writes a trained model where the analysis library loads it from. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodeModel, type LinearModel } from '../linear-model.js';

export function writeModel(dir: string, model: LinearModel): { file: string; bytes: number } {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${model.name}.json`);
  const body = `${JSON.stringify(encodeModel(model))}\n`;
  writeFileSync(file, body);
  return { file, bytes: Buffer.byteLength(body) };
}
