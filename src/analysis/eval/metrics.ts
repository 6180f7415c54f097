/** Scores reported by `npm run eval`, computed the way the published figures are. */

export function macroF1(gold: string[], predicted: string[], labels: readonly string[]): number {
  let total = 0;
  for (const label of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (predicted[i] === label && gold[i] === label) tp++;
      else if (predicted[i] === label) fp++;
      else if (gold[i] === label) fn++;
    }
    const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
    const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
    total += precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  }
  return total / labels.length;
}

export function accuracy(gold: string[], predicted: string[]): number {
  let right = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) right++;
  return gold.length > 0 ? right / gold.length : 0;
}

/** Stratified fold assignment, deterministic for a given seed order. */
export function stratifiedFolds(labels: string[], folds: number, order: number[]): number[] {
  const fold = new Array<number>(labels.length).fill(0);
  const counters = new Map<string, number>();
  for (const i of order) {
    const c = counters.get(labels[i]) ?? 0;
    fold[i] = c % folds;
    counters.set(labels[i], c + 1);
  }
  return fold;
}

/**
 * The 2.5th and 97.5th percentiles of a score over resamples (with replacement) of the rows: how
 * far the score of a small evaluation set moves from sampling alone.
 */
export function bootstrapInterval(
  gold: string[],
  predicted: string[],
  score: (gold: string[], predicted: string[]) => number,
  random: () => number,
  resamples = 1000,
): [number, number] {
  const scores: number[] = [];
  const g = new Array<string>(gold.length);
  const p = new Array<string>(gold.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < gold.length; i++) {
      const j = Math.floor(random() * gold.length);
      g[i] = gold[j];
      p[i] = predicted[j];
    }
    scores.push(score(g, p));
  }
  scores.sort((a, b) => a - b);
  return [scores[Math.floor(resamples * 0.025)], scores[Math.ceil(resamples * 0.975) - 1]];
}
