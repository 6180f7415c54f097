/** The whole understanding of one inbound message, as the pipeline's `understand` stage uses it. */
import { extractEntities } from './entities.js';
import { createFeatureScratch, extractFeatures } from './features.js';
import { classifyIntents } from './intents.js';
import { identifyLanguage } from './language.js';
import { explainLabels, type ExplainRequest } from './model-bank.js';
import { getModel, scoreFeatures } from './model-store.js';
import { computePriority } from './priority.js';
import { classifySentiment } from './sentiment.js';
import type { MessageAnalysis, MessageInput } from './types.js';
import { detectUrgency } from './urgency.js';

const TERM_LIMIT = 5;
const scratch = createFeatureScratch();

export function analyzeMessage(input: MessageInput): MessageAnalysis {
  const text = typeof input.text === 'string' ? input.text : '';
  const scores = scoreFeatures(extractFeatures(text, scratch));
  const language = identifyLanguage(scores);
  const sentiment = classifySentiment(scores);
  const urgency = detectUrgency(text, sentiment);
  const intents = classifyIntents(text, scores, sentiment, urgency);
  const complaint = intents.intents.some((i) => i.intent === 'complaint');
  const priority = computePriority(input, { intents: intents.intents, sentiment, urgency });

  const models = { language: getModel('language'), sentiment: getModel('sentiment'), intents: getModel('intents') };
  const requests: ExplainRequest[] = [];
  if (language.code !== 'und') {
    requests.push({ key: `language:${language.code}`, model: models.language, label: models.language.labels.indexOf(language.code) });
  }
  requests.push({ key: `sentiment:${sentiment.label}`, model: models.sentiment, label: models.sentiment.labels.indexOf(sentiment.label) });
  for (const { intent } of intents.intents) {
    requests.push({ key: `intent:${intent}`, model: models.intents, label: models.intents.labels.indexOf(intent) });
  }
  const terms = explainLabels(scores, requests, TERM_LIMIT);

  return {
    language: { code: language.code, confidence: language.confidence },
    sentiment: { label: sentiment.label, score: sentiment.score, probabilities: sentiment.probabilities },
    intents: intents.intents,
    complaint,
    urgency,
    entities: extractEntities(text),
    priority,
    terms,
  };
}
