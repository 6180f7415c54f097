/**
 * `npm run train`: rebuilds every shipped model in `models/` from data whose licence allows
 * redistribution. Seeds are fixed, so the same data always yields the same files.
 */
import { modelsDir } from '../model-store.js';
import { MissingDataError } from './datasets.js';
import { trainIntents } from './intent-model.js';
import { trainLanguage } from './language-model.js';
import { trainShippedSentiment } from './sentiment-model.js';
import { writeModel } from './write-model.js';

function main(): void {
  const dir = modelsDir();
  for (const [label, train] of [
    ['sentiment', trainShippedSentiment],
    ['intents', trainIntents],
    ['language', trainLanguage],
  ] as const) {
    const started = Date.now();
    const model = train();
    const { file, bytes } = writeModel(dir, model);
    console.log(`${label.padEnd(10)} ${(bytes / 1024).toFixed(0).padStart(5)} KiB  ${file}  (${Date.now() - started} ms)`);
  }
}

try {
  main();
} catch (err) {
  if (err instanceof MissingDataError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
