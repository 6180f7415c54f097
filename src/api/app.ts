import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Clock } from '../domain/clock.js';
import type { EventBus } from '../jobs/bus.js';
import type { JobQueue } from '../jobs/queue.js';
import type { ChannelRegistry } from '../channels/registry.js';
import type { Ingestor } from '../pipeline/ingest.js';
import type { Database } from '../store/db.js';
import { InvalidRequestError } from '../errors.js';
import { logger } from '../logger.js';
import { firstWorkspace } from '../store/workspaces.js';
import { identify } from './auth.js';
import { installErrorHandling } from './errors.js';
import { authRoutes } from './routes/auth.js';
import { messageRoutes } from './routes/messages.js';
import { conversationRoutes } from './routes/conversations.js';
import { contactRoutes } from './routes/contacts.js';
import { userRoutes } from './routes/users.js';
import { channelAccountRoutes } from './routes/channel-accounts.js';
import { statsRoutes } from './routes/stats.js';
import { reportRoutes } from './routes/reports.js';
import { realtimeRoutes } from './routes/realtime.js';
import { teamRoutes } from './routes/team.js';
import { settingsRoutes } from './routes/settings.js';
import { cannedResponseRoutes } from './routes/canned-responses.js';
import { slaPolicyRoutes } from './routes/sla-policies.js';
import { phoneRoutes } from './routes/phone.js';
import { webchatRoutes, webchatWidgetRoute } from './routes/webchat.js';
import { auditRoutes } from './routes/audit.js';
import { approvalRoutes } from './routes/approvals.js';
import { routingRoutes } from './routes/routing.js';
import { qualityRoutes } from './routes/quality.js';
import { csatRoutes } from './routes/csat.js';
import { attachmentRoutes } from './routes/attachments.js';

export interface ApiDeps {
  database: Database;
  clock: Clock;
  bus: EventBus;
  queue: JobQueue;
  channels: ChannelRegistry;
  ingestor: Ingestor;
  webDist?: string | null;
  /** How long after an agent's last realtime socket closes they count as offline (default 20 s). */
  presenceGraceMs?: number;
  secureCookies?: boolean;
  version?: string;
}

export type App = FastifyInstance;

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * Bodies are validated strictly (a number sent as a string is an error, not a guess); query
 * strings are text by nature and are coerced.
 */
function validators() {
  const strict = addFormats(new Ajv({ allErrors: false, coerceTypes: false, useDefaults: true, removeAdditional: false, strict: false }));
  const coercing = addFormats(new Ajv({ allErrors: false, coerceTypes: 'array', useDefaults: true, removeAdditional: false, strict: false }));
  return ({ schema, httpPart }: { schema: object; httpPart?: string }) =>
    (httpPart === 'body' ? strict : coercing).compile(schema);
}

function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v));
  return false;
}

export async function buildApp(deps: ApiDeps): Promise<App> {
  const app = Fastify({
    // Per-request lines are noise at this volume; warnings and errors still log.
    loggerInstance: logger.child({ module: 'http' }, { level: process.env.HTTP_LOG_LEVEL ?? 'warn' }) as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    trustProxy: true,
  });
  app.setValidatorCompiler(validators());

  // JSON only, and only valid UTF-8: a body that does not decode is refused, never patched over.
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => {
    const buf = body as unknown as Buffer;
    if (buf.length === 0) return done(null, undefined);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
    } catch {
      return done(new InvalidRequestError('The body is not valid UTF-8. Encode the text as UTF-8.', undefined, 'invalid_utf8'), undefined);
    }
    try {
      const body = JSON.parse(text);
      // PostgreSQL cannot store NUL in text; refuse it everywhere rather than only on one engine.
      if (text.includes('u0000') && hasNul(body)) {
        return done(new InvalidRequestError('Text may not contain the NUL character (\\u0000); remove it.', undefined, 'invalid_text'), undefined);
      }
      done(null, body);
    } catch (err) {
      done(new InvalidRequestError(`The body is not valid JSON: ${(err as Error).message}.`, undefined, 'invalid_json'), undefined);
    }
  });

  installErrorHandling(app);
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Conversa API',
        version: deps.version ?? '0.1.0',
        description: 'Social customer care: messages from every channel, threaded into conversations, answered by agents.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'conversa_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
  });

  app.decorateRequest('user', null);
  app.addHook('preHandler', async (req) => {
    if (req.url.startsWith('/api/v1/')) req.user = await identify(deps.database, deps.clock, req);
  });

  app.get('/healthz', { schema: { hide: true } }, async () => {
    await firstWorkspace(deps.database);
    return { status: 'ok' };
  });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  webchatWidgetRoute(app);

  await app.register(
    async (api) => {
      authRoutes(api, deps);
      messageRoutes(api, deps);
      conversationRoutes(api, deps);
      contactRoutes(api, deps);
      userRoutes(api, deps);
      channelAccountRoutes(api, deps);
      statsRoutes(api, deps);
      reportRoutes(api, deps);
      realtimeRoutes(api, deps);
      teamRoutes(api, deps);
      settingsRoutes(api, deps);
      cannedResponseRoutes(api, deps);
      slaPolicyRoutes(api, deps);
      phoneRoutes(api, deps);
      webchatRoutes(api, deps);
      auditRoutes(api, deps);
      approvalRoutes(api, deps);
      routingRoutes(api, deps);
      qualityRoutes(api, deps);
      csatRoutes(api, deps);
      attachmentRoutes(api, deps);
    },
    { prefix: '/api/v1' },
  );

  const webDist = deps.webDist;
  const hasWeb = !!webDist && fs.existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: webDist, wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((req, reply) => {
    // The web app routes in the browser: a page request that is not a file gets index.html.
    if (hasWeb && req.method === 'GET' && !req.url.startsWith('/api/') && req.headers.accept?.includes('text/html')) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}.` } });
  });
  return app;
}
