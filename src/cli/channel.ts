import type { Command, Option } from 'commander';
import { ConfigError } from '../errors.js';
import type { Runtime } from '../runtime.js';
import type { ChannelAccount } from '../store/schema/index.js';
import { getChannelAccount, listChannelAccounts } from '../store/workspaces.js';
import { settingsFromPairs } from '../channels/account-settings.js';
import { addAccount, changeAccount, presentAccounts, presentOne, removeAccount, testAccount, type PresentedAccount } from '../channels/accounts.js';

/** What the channel commands borrow from the program (src/cli/main.ts). */
export interface ChannelCommandHelpers {
  dbOption(): Option;
  withRuntime<T>(opts: { database?: string }, fn: (rt: Runtime) => Promise<T>): Promise<T>;
  workspaceId(rt: Runtime): Promise<number>;
}

interface Common {
  database?: string;
  json?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** `conversa channel …`: list, add, test, pause, resume, set, rotate-secret, remove channel accounts. */
export function registerChannelCommands(program: Command, h: ChannelCommandHelpers): void {
  const channel = program.command('channel').description('Manage channel accounts: list, add, test, pause, resume, set, rotate-secret, remove');

  channel
    .command('list')
    .description('Channel accounts with their health (status, last success, last error, backlog)')
    .option('--all', 'include removed (archived) accounts')
    .option('--json', 'print JSON')
    .addOption(h.dbOption())
    .action(async (opts: Common & { all?: boolean }) => {
      await h.withRuntime(opts, async (rt) => {
        const accounts = await listChannelAccounts(rt.database, await h.workspaceId(rt), { includeRemoved: !!opts.all });
        const items = await presentAccounts(rt, accounts);
        if (opts.json) console.log(JSON.stringify({ items }));
        else printTable(items);
      });
    });

  channel
    .command('add <channel> <name>')
    .description('Add an account: settings as --set key=value (dotted keys: imap.port=993; lists comma-separated) or --settings-json')
    .option('--set <key=value>', 'one setting (repeat the flag)', collect, [])
    .option('--settings-json <json>', 'all settings as one JSON object (--set values are applied over it)')
    .option('--display-name <name>', 'the name agents see (default: the account name)')
    .option('--json', 'print JSON')
    .addOption(h.dbOption())
    .action(async (channelName: string, name: string, opts: Common & { set: string[]; settingsJson?: string; displayName?: string }) => {
      const settings = settingsFrom(channelName, opts);
      await h.withRuntime(opts, async (rt) => {
        const { account, secret } = await addAccount(rt, { workspaceId: await h.workspaceId(rt), channel: channelName, name, displayName: opts.displayName, settings });
        const presented = await presentOne(rt, account, secret);
        if (opts.json) return console.log(JSON.stringify({ account: presented }));
        console.log(`Added ${account.channel} account "${account.name}" (id ${account.id}).`);
        if (secret) console.log(`${secret.key} (shown only this once): ${secret.value}`);
        console.log(`Check its credentials with: conversa channel test ${account.id}`);
      });
    });

  channel
    .command('set <account>')
    .description('Change an account’s settings (partial: only the keys given change; null in --settings-json removes one) or display name')
    .option('--set <key=value>', 'one setting (repeat the flag)', collect, [])
    .option('--settings-json <json>', 'settings to merge, as one JSON object (null removes a key)')
    .option('--display-name <name>', 'the name agents see')
    .option('--json', 'print JSON')
    .addOption(h.dbOption())
    .action(async (ref: string, opts: Common & { set: string[]; settingsJson?: string; displayName?: string }) => {
      await h.withRuntime(opts, async (rt) => {
        const account = await findAccount(rt, await h.workspaceId(rt), ref);
        const settings = settingsFrom(account.channel, opts);
        if (!Object.keys(settings).length && opts.displayName === undefined) throw new ConfigError('Nothing to change: give --set key=value, --settings-json or --display-name.');
        const { account: updated } = await changeAccount(rt, account, { settings, displayName: opts.displayName });
        print(opts, await presentOne(rt, updated), `Updated ${updated.channel} account "${updated.name}".`);
      });
    });

  channel
    .command('test <account>')
    .description('Check the account’s credentials against the network now (exit 1 when they fail); recorded as its health')
    .option('--json', 'print JSON')
    .addOption(h.dbOption())
    .action(async (ref: string, opts: Common) => {
      await h.withRuntime(opts, async (rt) => {
        const account = await findAccount(rt, await h.workspaceId(rt), ref);
        const outcome = await testAccount(rt, account);
        if (opts.json) console.log(JSON.stringify(outcome));
        else if (outcome.ok) console.log(`ok: the ${account.channel} account "${account.name}" works.`);
        else console.log(`failed: ${outcome.error}`);
        if (!outcome.ok) process.exitCode = 1;
      });
    });

  for (const [command, status, verb, description] of [
    ['pause', 'paused', 'Paused', 'Pause an account: not polled, messages posted to it refused, its replies wait until it is resumed'],
    ['resume', 'active', 'Resumed', 'Resume a paused account (waiting replies go out within 30 s)'],
  ] as const) {
    channel
      .command(`${command} <account>`)
      .description(description)
      .option('--json', 'print JSON')
      .addOption(h.dbOption())
      .action(async (ref: string, opts: Common) => {
        await h.withRuntime(opts, async (rt) => {
          const account = await findAccount(rt, await h.workspaceId(rt), ref);
          const { account: updated } = await changeAccount(rt, account, { status });
          print(opts, await presentOne(rt, updated), `${verb} ${updated.channel} account "${updated.name}".`);
        });
      });
  }

  channel
    .command('rotate-secret <account>')
    .description('Make a new secret for an api, webchat or phone account and print it (shown once); the old one stops working')
    .option('--json', 'print JSON')
    .addOption(h.dbOption())
    .action(async (ref: string, opts: Common) => {
      await h.withRuntime(opts, async (rt) => {
        const account = await findAccount(rt, await h.workspaceId(rt), ref);
        const { account: updated, secret } = await changeAccount(rt, account, { rotateSecret: true });
        const presented = await presentOne(rt, updated, secret);
        if (opts.json) return console.log(JSON.stringify({ account: presented }));
        console.log(`New ${secret!.key} for ${updated.channel} account "${updated.name}" (shown only this once): ${secret!.value}`);
      });
    });

  channel
    .command('remove <account>')
    .description('Remove an account: deleted when it has no conversations, otherwise archived (never polled, hidden, history kept)')
    .option('--json', 'print JSON')
    .addOption(h.dbOption())
    .action(async (ref: string, opts: Common) => {
      await h.withRuntime(opts, async (rt) => {
        const account = await findAccount(rt, await h.workspaceId(rt), ref);
        const result = await removeAccount(rt, account);
        if (opts.json) return console.log(JSON.stringify({ result, id: account.id }));
        console.log(
          result === 'deleted'
            ? `Removed ${account.channel} account "${account.name}".`
            : `Archived ${account.channel} account "${account.name}": it has conversations, which stay readable; it is no longer polled or listed.`,
        );
      });
    });
}

function settingsFrom(channel: string, opts: { set: string[]; settingsJson?: string }): Record<string, unknown> {
  let base: Record<string, unknown> = {};
  if (opts.settingsJson !== undefined) {
    try {
      base = JSON.parse(opts.settingsJson) as Record<string, unknown>;
    } catch {
      throw new ConfigError('--settings-json is not valid JSON; give one object, e.g. \'{"callbackUrl":"https://example.com/hook"}\'.');
    }
    if (!base || typeof base !== 'object' || Array.isArray(base)) throw new ConfigError('--settings-json must be a JSON object.');
  }
  return deepAssign(base, settingsFromPairs(channel, opts.set));
}

function deepAssign(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(over)) {
    const b = base[k];
    base[k] = v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b) ? deepAssign(b as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return base;
}

/** An account by id, `channel/name`, or a name that only one live account has. */
async function findAccount(rt: Runtime, workspaceId: number, ref: string): Promise<ChannelAccount> {
  if (/^\d+$/.test(ref)) {
    const a = await getChannelAccount(rt.database, Number(ref));
    if (a && a.workspace_id === workspaceId) return a;
    throw new ConfigError(`No channel account with id ${ref}. List them with \`conversa channel list\`.`);
  }
  const accounts = await listChannelAccounts(rt.database, workspaceId);
  const slash = ref.indexOf('/');
  const matches = slash > 0 ? accounts.filter((a) => a.channel === ref.slice(0, slash) && a.name === ref.slice(slash + 1)) : accounts.filter((a) => a.name === ref);
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0) throw new ConfigError(`No channel account "${ref}". List them with \`conversa channel list\`.`);
  throw new ConfigError(`"${ref}" names ${matches.length} accounts (${matches.map((a) => `${a.channel}/${a.name}`).join(', ')}); give channel/name or the id.`);
}

function print(opts: Common, account: PresentedAccount, line: string): void {
  if (opts.json) console.log(JSON.stringify({ account }));
  else console.log(line);
}

function printTable(items: PresentedAccount[]): void {
  if (!items.length) {
    console.log('No channel accounts. Add one with `conversa channel add <channel> <name> --set key=value …`.');
    return;
  }
  const rows = items.map((a) => [
    String(a.id),
    a.channel,
    a.name,
    a.status,
    a.health.status,
    String(a.health.backlog),
    a.health.lastSuccessAt ?? '—',
    a.health.lastError ? `${a.health.lastError.slice(0, 80)} (${a.health.lastErrorAt})` : '',
  ]);
  const header = ['ID', 'CHANNEL', 'NAME', 'STATUS', 'HEALTH', 'BACKLOG', 'LAST SUCCESS', 'LAST ERROR'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [header, ...rows]) console.log(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd());
}
