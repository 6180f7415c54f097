/**
 * Throughput of the whole inbound analysis (language, sentiment, intents, urgency, entities,
 * priority, explanation terms) on one core, and of the reply guard. Run: `tsx bench/analysis.ts`.
 */
import { analyzeMessage, guardReply } from '../src/analysis/index.js';
import { readAirlines, readTwcsInbound, readXlmt } from '../src/analysis/train/datasets.js';

const GOAL_MESSAGES_PER_SECOND = 20_000;
const RUN_MS = 3_000;

const BUILT_IN_SAMPLES = [
  'My order #48213 never arrived and nobody answers my emails. Third time this month!!',
  '¿A qué hora abre la tienda el domingo?',
  'Gracias por la ayuda, todo solucionado 🙏',
  'You charged me twice for the same subscription, I want my money back or I will call my lawyer',
  'Love the new app update, so much faster',
  'Olá, a minha encomenda ainda não chegou, podem verificar?',
  'Bonjour, ma commande est arrivée cassée.',
  'Follow me and I will follow back! Free followers link in bio',
  'El vuelo lleva tres horas de retraso y nadie nos informa. Vergonzoso.',
  'ok',
];

function loadTexts(): { texts: string[]; source: string } {
  try {
    const texts = [
      ...readTwcsInbound(3000),
      ...readXlmt('spanish', 'val').map((r) => r.text),
      ...readXlmt('english', 'val').map((r) => r.text),
      ...readAirlines('es').slice(0, 1000).map((r) => r.text),
    ];
    if (texts.length > 0) return { texts, source: `${texts.length} tweets from ../shared/data` };
  } catch {
    // Fall through to the built-in samples when the shared data is not there.
  }
  return { texts: BUILT_IN_SAMPLES, source: `${BUILT_IN_SAMPLES.length} built-in samples` };
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Rate per second of CPU time consumed by this process: on a shared machine, wall-clock time
 * also counts the moments other processes held the core. Both are printed.
 */
function measure(label: string, texts: string[], run: (text: string, i: number) => unknown): number {
  for (let i = 0; i < Math.min(5000, texts.length * 5); i++) run(texts[i % texts.length], i);
  let done = 0;
  const wallStarted = process.hrtime.bigint();
  const cpuStarted = cpuMs();
  let cpuElapsed = 0;
  while (cpuElapsed < RUN_MS) {
    for (let j = 0; j < 500; j++, done++) run(texts[done % texts.length], done);
    cpuElapsed = cpuMs() - cpuStarted;
  }
  const wallElapsed = Number(process.hrtime.bigint() - wallStarted) / 1e6;
  const perCpuSecond = (done / cpuElapsed) * 1000;
  const perWallSecond = (done / wallElapsed) * 1000;
  console.log(
    `${label.padEnd(24)} ${Math.round(perCpuSecond).toLocaleString('en-US').padStart(9)} /s of CPU time` +
      `   ${Math.round(perWallSecond).toLocaleString('en-US').padStart(9)} /s wall   (${done} messages)`,
  );
  return perCpuSecond;
}

const { texts, source } = loadTexts();
const averageLength = texts.reduce((n, t) => n + t.length, 0) / texts.length;
console.log(`Analysis benchmark on one core — ${source}, average ${averageLength.toFixed(0)} characters`);
const messagesPerSecond = measure('analyzeMessage', texts, (text, i) =>
  analyzeMessage({ text, followers: i % 1000, visibility: i % 3 === 0 ? 'private' : 'public', waitingSeconds: i % 7200 }),
);
measure('guardReply (no goal)', texts, (text) => guardReply({ text, channel: 'x', public: true }));
const verdict = messagesPerSecond >= GOAL_MESSAGES_PER_SECOND ? 'met' : 'MISSED';
console.log(
  `analyzeMessage: ${Math.round(messagesPerSecond).toLocaleString('en-US')} messages/s; goal ≥ ${GOAL_MESSAGES_PER_SECOND.toLocaleString('en-US')} messages/s: ${verdict} (ratio ${(messagesPerSecond / GOAL_MESSAGES_PER_SECOND).toFixed(2)})`,
);
