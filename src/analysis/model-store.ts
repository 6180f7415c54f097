/**
 * Loads the trained models shipped in `models/` once, on first use, so importing the analysis
 * library costs nothing until a message is analysed.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FEATURE_VERSION, type FeatureVector } from './features.js';
import { decodeModel, ModelFormatError, type LinearModel, type ModelFile } from './linear-model.js';
import { buildModelBank, modelProbabilities, scoreBank, type BankScores, type ModelBank } from './model-bank.js';

export const MODEL_NAMES = ['language', 'sentiment', 'intents'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

// Both src/analysis and dist/analysis sit two levels below the repository root.
const DEFAULT_MODELS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../models');

const loaded = new Map<ModelName, LinearModel>();

export function modelsDir(): string {
  return process.env.CONVERSA_MODELS_DIR ?? DEFAULT_MODELS_DIR;
}

export function modelPath(name: ModelName, dir = modelsDir()): string {
  return path.join(dir, `${name}.json`);
}

export function getModel(name: ModelName): LinearModel {
  const cached = loaded.get(name);
  if (cached) return cached;
  const file = modelPath(name);
  if (!existsSync(file)) {
    throw new ModelFormatError(`model file missing: ${file}. Run \`npm run train\` to build the models.`);
  }
  const model = decodeModel(JSON.parse(readFileSync(file, 'utf8')) as ModelFile);
  if (model.featureVersion !== FEATURE_VERSION) {
    throw new ModelFormatError(
      `model ${name} was trained with features ${model.featureVersion}, this Conversa extracts ${FEATURE_VERSION}; run \`npm run train\``,
    );
  }
  loaded.set(name, model);
  return model;
}

let bank: ModelBank | null = null;

/** Scores a message's features with every shipped model at once. */
export function scoreFeatures(fv: FeatureVector): BankScores {
  bank ??= buildModelBank(MODEL_NAMES.map(getModel));
  return scoreBank(bank, fv);
}

export function probabilitiesOf(scores: BankScores, name: ModelName): { model: LinearModel; p: number[] } {
  const model = getModel(name);
  return { model, p: modelProbabilities(scores, model) };
}
