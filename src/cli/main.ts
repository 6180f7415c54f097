import fs from 'node:fs';
import readline from 'node:readline';
import { Command, Option } from 'commander';
import cliProgress from 'cli-progress';
import { displayDatabaseUrl, loadConfig, type Config, type ProcessRole } from '../config.js';
import { ConfigError, ConversaError } from '../errors.js';
import { createRuntime, type Runtime } from '../runtime.js';
import { buildApp } from '../api/app.js';
import { startWorker } from '../worker.js';
import { hashPassword, MIN_PASSWORD_LENGTH } from '../api/password.js';
import { createApiToken, createUser, findUserByEmail } from '../store/users.js';
import { createChannelAccount, createWorkspace, findChannelAccount, firstWorkspace } from '../store/workspaces.js';
import { workspaceStats } from '../store/stats.js';
import { InvalidReportRangeError, parseReportRange, responseReport, staffingReport, type ResponseReport, type StaffingReport } from '../store/reports.js';
import { migrateToLatest } from '../store/migrations/index.js';
import { connectDatabase } from '../store/connect.js';
import { loadDemoBacklog, seedDemoWorkspace, startDemoStream, demoAccounts } from '../demo/seed.js';
import { listChannelAccounts } from '../store/workspaces.js';
import { accountForRow, readTwcs, ThreadForest, twcsToMessage, type TwcsRow } from './twcs.js';
import type { NormalizedMessage } from '../domain/message.js';
import type { IngestItem } from '../pipeline/ingest.js';
import { runClassify, runGuard } from '../analysis/cli.js';
import type { ChannelAccount, Role } from '../store/schema/index.js';
import { prepareSecrets } from '../store/secrets.js';
import { registerChannelCommands } from './channel.js';

const ROLES: Role[] = ['admin', 'supervisor', 'agent', 'analyst'];

function dbOption() {
  return new Option('--database <url>', 'SQLite file path or postgres:// URL (default: $DATABASE_URL or ./data/conversa.db)');
}

function configFrom(opts: { database?: string }, extra: Partial<Config> = {}): Config {
  return loadConfig({ ...(opts.database ? { databaseUrl: opts.database } : {}), ...extra });
}

async function withRuntime<T>(opts: { database?: string }, fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const rt = await createRuntime(configFrom(opts));
  try {
    return await fn(rt);
  } finally {
    await rt.close();
  }
}

async function workspaceId(rt: Runtime): Promise<number> {
  const ws = await firstWorkspace(rt.database);
  if (ws) return ws.id;
  return (await createWorkspace(rt.database, 'Conversa', rt.clock.now())).id;
}

export function buildCli(): Command {
  const program = new Command('conversa')
    .description('Conversa: social customer care in one inbox')
    .showHelpAfterError()
    // Lets `report` and `report staffing` each own their flags (the program itself has none).
    .enablePositionalOptions();

  program
    .command('serve')
    .description('Run Conversa: the web API and app, the worker, or both')
    .addOption(new Option('--port <port>', 'HTTP port (default: $PORT or 3000)').argParser((v) => Number(v)))
    .addOption(new Option('--host <host>', 'address to listen on (default: $HOST or 127.0.0.1)'))
    .addOption(new Option('--role <role>', 'process role').choices(['web', 'worker', 'all']).default('all'))
    .option('--no-demo', 'start empty: no demo workspace, no demo stream')
    .addOption(dbOption())
    .action(async (opts: { port?: number; host?: string; role: ProcessRole; demo: boolean; database?: string }) => {
      if (opts.port !== undefined && (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535)) {
        throw new ConfigError('--port must be a whole number from 0 to 65535.');
      }
      const config = configFrom(opts, {
        role: opts.role,
        ...(opts.port !== undefined ? { port: opts.port } : {}),
        ...(opts.host ? { host: opts.host } : {}),
        ...(opts.demo === false ? { demo: false } : {}),
      });
      await serve(config);
    });

  program
    .command('migrate')
    .description('Bring the database schema up to date')
    .addOption(dbOption())
    .action(async (opts: { database?: string }) => {
      const database = connectDatabase(configFrom(opts).databaseUrl);
      try {
        const { applied } = await migrateToLatest(database);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.');
      } finally {
        await database.close();
      }
    });

  const user = program.command('user').description('Manage users');
  user
    .command('add')
    .description('Add a user to the workspace')
    .requiredOption('--email <email>')
    .requiredOption('--password <password>')
    .addOption(new Option('--role <role>').choices(ROLES).makeOptionMandatory())
    .option('--name <name>')
    .addOption(dbOption())
    .action(async (opts: { email: string; password: string; role: Role; name?: string; database?: string }) => {
      if (opts.password.length < MIN_PASSWORD_LENGTH) throw new ConfigError(`--password needs at least ${MIN_PASSWORD_LENGTH} characters.`);
      if (!/^[^@\s]+@[^@\s]+$/.test(opts.email)) throw new ConfigError(`--email "${opts.email}" is not an email address.`);
      await withRuntime(opts, async (rt) => {
        const u = await createUser(
          rt.database,
          { workspaceId: await workspaceId(rt), email: opts.email, name: opts.name ?? opts.email.split('@')[0]!, passwordHash: await hashPassword(opts.password), role: opts.role },
          rt.clock.now(),
        );
        console.log(`Added ${u.email} (${u.role}), id ${u.id}.`);
      });
    });

  const token = program.command('token').description('Manage API tokens');
  token
    .command('create')
    .description('Create an API token for a user and print it (shown once)')
    .requiredOption('--email <email>')
    .option('--name <name>', 'what the token is for', 'cli')
    .addOption(dbOption())
    .action(async (opts: { email: string; name: string; database?: string }) => {
      await withRuntime(opts, async (rt) => {
        const u = await findUserByEmail(rt.database, opts.email);
        if (!u) throw new ConfigError(`No user with email ${opts.email}. Add one with \`conversa user add\`.`);
        console.log(await createApiToken(rt.database, u.id, opts.name, rt.clock.now()));
      });
    });

  registerChannelCommands(program, { dbOption, withRuntime, workspaceId });

  const imp = program.command('import').description('Import conversations from files');
  imp
    .command('twcs <file>')
    .description('Import a "Customer Support on Twitter" CSV (tweet_id, author_id, inbound, created_at, text, response_tweet_id, in_response_to_tweet_id)')
    .option('--batch <n>', 'messages read before each ingest (stored in transactions of up to about 1,000)', (v) => Number(v), 1000)
    .option('--no-progress', 'no progress bar')
    .addOption(dbOption())
    .action(async (file: string, opts: { batch: number; progress: boolean; database?: string }) => {
      if (!fs.existsSync(file)) throw new ConfigError(`No file ${file}.`);
      await withRuntime(opts, async (rt) => {
        const result = await importTwcs(rt, file, { batch: opts.batch, progress: opts.progress && process.stderr.isTTY });
        console.log(JSON.stringify(result));
      });
    });

  program
    .command('replay <file>')
    .description('Stream messages into Conversa as if live: JSON lines of API message bodies, or a twcs CSV')
    .option('--speed <n>', 'how many times faster than the original pace', (v) => Number(v), 1)
    .option('--keep-times', 'keep the original createdAt instead of the time of replay')
    .addOption(dbOption())
    .action(async (file: string, opts: { speed: number; keepTimes?: boolean; database?: string }) => {
      if (!fs.existsSync(file)) throw new ConfigError(`No file ${file}.`);
      if (!(opts.speed > 0)) throw new ConfigError('--speed must be a positive number.');
      await withRuntime(opts, async (rt) => {
        const n = await replay(rt, file, opts.speed, !!opts.keepTimes);
        console.log(`Replayed ${n} messages.`);
      });
    });

  program
    .command('classify')
    .description('Classify messages: JSON lines {"id","text"} in (stdin or --input), one JSON line of analysis out per input')
    .option('--input <file>', 'read from a file instead of stdin')
    .action(async (opts: { input?: string }) => {
      const input = opts.input ? openInput(opts.input) : process.stdin;
      const { errors } = await runClassify(input, process.stdout);
      if (errors) process.exitCode = 1;
    });

  program
    .command('guard')
    .description('Check draft replies: JSON lines {"id","text","channel","public"} in, findings out')
    .option('--input <file>', 'read from a file instead of stdin')
    .action(async (opts: { input?: string }) => {
      const input = opts.input ? openInput(opts.input) : process.stdin;
      const { errors } = await runGuard(input, process.stdout);
      if (errors) process.exitCode = 1;
    });

  program
    .command('stats')
    .description('Counts of conversations, messages, contacts and response times')
    .option('--json', 'print JSON')
    .addOption(dbOption())
    .action(async (opts: { json?: boolean; database?: string }) => {
      await withRuntime(opts, async (rt) => {
        const s = await workspaceStats(rt.database);
        if (opts.json) console.log(JSON.stringify(s));
        else {
          for (const [k, v] of Object.entries(s)) console.log(`${k.padEnd(28)} ${typeof v === 'object' ? JSON.stringify(v) : v}`);
        }
      });
    });

  const report = program
    .command('report')
    .enablePositionalOptions()
    .description('Response rate, complaint response rate and response times of conversations whose first message falls in a range')
    .option('--from <iso>', 'start of the range, inclusive (e.g. 2026-11-01 or 2026-11-01T09:00:00Z)')
    .option('--to <iso>', 'end of the range, exclusive')
    .option('--json', 'print JSON')
    .addOption(dbOption())
    .action(async (opts: { from?: string; to?: string; json?: boolean; database?: string }) => {
      const range = rangeFlags(opts);
      await withRuntime(opts, async (rt) => {
        const r = await responseReport(rt.database, { workspaceId: (await firstWorkspace(rt.database))?.id, ...range });
        if (opts.json) {
          const { volume: _volume, ...figures } = r;
          console.log(JSON.stringify(figures));
        } else printResponseReport(r);
      });
    });
  report
    .command('staffing')
    .description('Agents needed per hour of the day (Erlang C) to answer a share of messages within a target, from measured arrivals')
    .option('--from <iso>', 'start of the arrivals to measure (default: four weeks before --to)')
    .option('--to <iso>', 'end of the arrivals to measure, exclusive (default: after the latest inbound message)')
    .option('--aht <seconds>', 'average handling time per conversation', '240')
    .option('--target <seconds>', 'answer within this many seconds', '300')
    .option('--level <share>', 'share to answer within the target, e.g. 0.8', '0.8')
    .option('--shrinkage <share>', 'share of paid time away from conversations (breaks, training, absence)', '0.3')
    .option('--max-occupancy <share>', 'highest share of time an agent should be busy, e.g. 0.85')
    .option('--time-zone <zone>', 'IANA time zone for the hours of the day', 'UTC')
    .option('--json', 'print JSON')
    .addOption(dbOption())
    .action(async (opts: StaffingFlags) => {
      const range = rangeFlags(opts);
      const options = {
        ahtSeconds: numberFlag('--aht', opts.aht, (v) => v > 0, 'a positive number of seconds, e.g. 240'),
        targetSeconds: numberFlag('--target', opts.target, (v) => v >= 0, 'a number of seconds, 0 or more, e.g. 300'),
        serviceLevel: numberFlag('--level', opts.level, (v) => v > 0 && v < 1, 'a share between 0 and 1, e.g. 0.8'),
        shrinkage: numberFlag('--shrinkage', opts.shrinkage, (v) => v >= 0 && v < 1, 'a share from 0 up to 1, e.g. 0.3'),
        ...(opts.maxOccupancy === undefined
          ? {}
          : { maxOccupancy: numberFlag('--max-occupancy', opts.maxOccupancy, (v) => v > 0 && v <= 1, 'a share above 0 and at most 1, e.g. 0.85') }),
      };
      await withRuntime(opts, async (rt) => {
        const ws = await firstWorkspace(rt.database);
        if (!ws) throw new ConfigError('The database has no workspace yet: import or receive messages first.');
        let plan;
        try {
          plan = await staffingReport(rt.database, { workspaceId: ws.id, ...range, timeZone: opts.timeZone }, options);
        } catch (err) {
          if (err instanceof InvalidReportRangeError) throw new ConfigError(err.message);
          throw err;
        }
        if (opts.json) console.log(JSON.stringify(plan));
        else printStaffing(plan);
      });
    });

  return program;
}

interface StaffingFlags {
  from?: string;
  to?: string;
  aht: string;
  target: string;
  level: string;
  shrinkage: string;
  maxOccupancy?: string;
  timeZone: string;
  json?: boolean;
  database?: string;
}

function rangeFlags(opts: { from?: string; to?: string }): { from?: number; to?: number } {
  try {
    return parseReportRange(opts, { from: '--from', to: '--to' });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
}

function numberFlag(name: string, raw: string, ok: (v: number) => boolean, what: string): number {
  const v = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isFinite(v) || !ok(v)) throw new ConfigError(`${name} "${raw}" must be ${what}.`);
  return v;
}

function printResponseReport(r: ResponseReport): void {
  const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
  const dur = (s: number | null) => (s === null ? '—' : s < 120 ? `${s} s` : s < 7200 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`);
  const rows: [string, string | number][] = [
    ['range', `${r.from ?? 'start'} → ${r.to ?? 'now'}`],
    ['conversations', r.conversations],
    ['with a customer message', r.inbound_conversations],
    ['answered', r.answered],
    ['response rate', pct(r.response_rate)],
    ['complaints', r.complaints],
    ['complaints answered', r.complaints_answered],
    ['complaint response rate', pct(r.complaint_response_rate)],
    ['first response p50 / p90', `${dur(r.first_response_seconds.p50)} / ${dur(r.first_response_seconds.p90)}`],
    ['first response mean', dur(r.first_response_seconds.mean)],
    ['resolution p50 / p90', `${dur(r.resolution_seconds.p50)} / ${dur(r.resolution_seconds.p90)}`],
    ['messages in / out', `${r.messages_inbound} / ${r.messages_outbound}`],
    ['SLA compliance', r.sla_conversations ? `${pct(r.sla_compliance)} of ${r.sla_conversations}` : '— (no SLA target due in range)'],
  ];
  for (const [k, v] of rows) console.log(`${k.padEnd(26)} ${v}`);
}

function printStaffing(p: StaffingReport): void {
  console.log(`Arrivals measured ${p.from ?? '—'} → ${p.to ?? '—'} (hours in ${p.timeZone}).`);
  console.log(
    `Goal: ${Math.round(p.serviceLevel * 100)}% answered within ${p.targetSeconds} s, ${p.ahtSeconds} s handling each, ${Math.round(p.shrinkage * 100)}% shrinkage.\n`,
  );
  console.log('hour   arrivals/h  handling  scheduled  on time  occupancy');
  for (const h of p.hours) {
    console.log(
      `${String(h.hour).padStart(2, '0')}:00  ${h.arrivalsPerHour.toFixed(1).padStart(10)}  ${String(h.onPhone).padStart(8)}  ${String(h.agents).padStart(9)}  ${(h.serviceLevel * 100).toFixed(1).padStart(6)}%  ${(h.occupancy * 100).toFixed(0).padStart(8)}%`,
    );
  }
  const { peak } = p;
  const at = `${String(peak.hour).padStart(2, '0')}:00`;
  console.log(
    `\nPeak: ${peak.arrivalsPerHour.toFixed(1)} messages/h at ${at}, ${peak.onPhone} handling at once, ${peak.agents} on the schedule.`,
  );
  console.log(
    peak.onPhone <= 1
      ? 'One person at a time can keep this goal.'
      : `This needs a team: ${peak.onPhone} agents at once in the busiest hour.`,
  );
}

async function serve(config: Config): Promise<void> {
  const rt = await createRuntime(config, { understandInWorker: true });
  // Channel credentials are encrypted at rest: find the key (or make it), and fail now on a wrong one.
  try {
    await prepareSecrets(rt.database);
  } catch (err) {
    await rt.close();
    throw err;
  }
  const stops: (() => Promise<void> | void)[] = [];
  let ws = await firstWorkspace(rt.database);
  if (!ws && config.demo) {
    const creds = await seedDemoWorkspace(rt.database, rt.clock);
    const n = await loadDemoBacklog(rt.database, rt.ingestor, creds.workspaceId, rt.clock);
    ws = await firstWorkspace(rt.database);
    console.log('\nDemo workspace created with %d messages. Sign in with (shown only this once):', n);
    for (const u of creds.users) console.log(`  ${u.role.padEnd(10)} ${u.email.padEnd(28)} ${u.password}`);
    console.log('');
  } else if (!ws) {
    ws = await createWorkspace(rt.database, 'Conversa', rt.clock.now());
    console.log('Empty workspace created. Add an admin: conversa user add --email you@example.com --password … --role admin');
  }
  if (config.role !== 'web') {
    const worker = startWorker(rt);
    stops.push(() => worker.stop());
    if (config.demo && demoAccounts(await listChannelAccounts(rt.database, ws!.id)).length) {
      const demo = startDemoStream(rt.database, rt.ingestor, ws!.id, rt.clock);
      stops.push(() => demo.stop());
    }
  }
  if (config.role !== 'worker') {
    const app = await buildApp({ ...rt, webDist: config.webDist });
    await app.listen({ port: config.port, host: config.host });
    stops.push(() => app.close());
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.port;
    console.log(`Conversa is running at http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port} (role ${config.role}, database ${displayDatabaseUrl(config.databaseUrl)}, jobs ${config.jobsEngine}, realtime ${config.realtimeEngine})`);
  } else {
    console.log(`Conversa worker running (database ${displayDatabaseUrl(config.databaseUrl)}, jobs ${config.jobsEngine}, realtime ${config.realtimeEngine}).`);
  }
  const shutdown = async () => {
    for (const stop of stops.reverse()) await stop();
    await rt.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

export async function importTwcs(rt: Runtime, file: string, opts: { batch: number; progress: boolean }) {
  const forest = new ThreadForest();
  const brands = new Set<string>();
  let total = 0;
  for await (const row of readTwcs(file)) {
    forest.add(row);
    if (!row.inbound) brands.add(row.authorId);
    total++;
  }
  const wsId = await workspaceId(rt);
  const accounts = new Map<string, ChannelAccount>();
  const accountFor = async (name: string) => {
    let a = accounts.get(name) ?? (await findChannelAccount(rt.database, wsId, 'x', name));
    if (!a) a = await createChannelAccount(rt.database, { workspaceId: wsId, channel: 'x', name, displayName: `@${name}`, settings: { imported: true } }, rt.clock.now());
    accounts.set(name, a);
    return a;
  };
  const treeAccount = new Map<string, string>();
  const bar = opts.progress ? new cliProgress.SingleBar({ format: 'import [{bar}] {percentage}% {value}/{total} messages' }, cliProgress.Presets.shades_classic) : null;
  bar?.start(total, 0);
  let done = 0;
  let failed = 0;
  let duplicates = 0;
  async function* batches() {
    let batch: IngestItem[] = [];
    for await (const row of readTwcs(file)) {
      const root = forest.rootOf(row.tweetId);
      let name = treeAccount.get(root);
      if (!name) treeAccount.set(root, (name = accountForRow(row as TwcsRow, forest, brands)));
      batch.push({ account: await accountFor(name), message: twcsToMessage(row, forest, name) });
      if (batch.length >= opts.batch) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length) yield batch;
  }
  await rt.ingestor.ingestBatches(batches(), (outcomes, items) => {
    failed += outcomes.filter((o) => o.error).length;
    duplicates += outcomes.filter((o) => o.duplicate).length;
    done += items.length;
    bar?.update(done);
  });
  bar?.stop();
  return { rows: total, imported: done - failed - duplicates, duplicates, failed, accounts: accounts.size };
}

async function replay(rt: Runtime, file: string, speed: number, keepTimes: boolean): Promise<number> {
  const wsId = await workspaceId(rt);
  let messages: NormalizedMessage[] = [];
  if (file.endsWith('.csv')) {
    const forest = new ThreadForest();
    const rows: TwcsRow[] = [];
    for await (const row of readTwcs(file)) {
      forest.add(row);
      rows.push(row);
    }
    const brands = new Set(rows.filter((r) => !r.inbound).map((r) => r.authorId));
    messages = rows.map((r) => twcsToMessage(r, forest, accountForRow(r, forest, brands)));
  } else {
    const lines = readline.createInterface({ input: fs.createReadStream(file) });
    let n = 0;
    for await (const line of lines) {
      n++;
      if (!line.trim()) continue;
      try {
        messages.push(JSON.parse(line) as NormalizedMessage);
      } catch {
        throw new ConfigError(`${file}:${n} is not JSON.`);
      }
    }
  }
  messages.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  let prev: number | null = null;
  let count = 0;
  for (const m of messages) {
    const t = Date.parse(m.createdAt);
    if (prev !== null && t > prev) await new Promise((r) => setTimeout(r, Math.min(60_000, (t - prev!) / speed)));
    prev = t;
    let account = await findChannelAccount(rt.database, wsId, m.channel, m.account);
    if (!account) account = await createChannelAccount(rt.database, { workspaceId: wsId, channel: m.channel, name: m.account, displayName: m.account, settings: { imported: true } }, rt.clock.now());
    const outcome = await rt.ingestor.submit(account, keepTimes ? m : { ...m, createdAt: new Date(rt.clock.now()).toISOString() });
    if (!outcome.error) count++;
  }
  return count;
}

function openInput(file: string): NodeJS.ReadableStream {
  if (!fs.existsSync(file)) throw new ConfigError(`No file ${file}.`);
  return fs.createReadStream(file);
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (err) {
    if (err instanceof ConfigError || err instanceof ConversaError) {
      console.error(`conversa: ${err.message}`);
      process.exitCode = 2;
      return;
    }
    throw err;
  }
}
