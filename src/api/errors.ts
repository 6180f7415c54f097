import type { FastifyError, FastifyInstance } from 'fastify';
import { ConversaError } from '../errors.js';
import { moduleLogger } from '../logger.js';

const log = moduleLogger('api');

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Every failure answers the same shape; a 4xx says what was wrong and how to fix it. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | ConversaError | Error, req, reply) => {
    if (err instanceof ConversaError) {
      if (err.code === 'rate_limited' && 'retryAfterSeconds' in err) reply.header('retry-after', String(err.retryAfterSeconds));
      return reply.status(err.status).send({ error: { code: err.code, message: err.message, details: err.details } });
    }
    const fe = err as FastifyError;
    if (fe.validation) {
      const first = fe.validation[0];
      const where = fe.validationContext ?? 'body';
      const path = first?.instancePath ? `${where}${first.instancePath.replace(/\//g, '.')}` : where;
      const missing = (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
      const message = missing ? `${path}.${missing} is required.` : `${path} ${first?.message ?? 'is invalid'}.`;
      return reply.status(400).send({ error: { code: 'invalid_request', message, details: fe.validation } });
    }
    const status = fe.statusCode ?? 500;
    if (status === 429) {
      return reply.status(429).send({ error: { code: 'rate_limited', message: 'Too many attempts. Wait a minute and try again.' } });
    }
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({ error: { code: 'payload_too_large', message: 'The request body is too large (1 MiB at most).' } });
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send({ error: { code: 'unsupported_media_type', message: 'Send the body as application/json.' } });
    }
    if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return reply.status(400).send({ error: { code: 'invalid_json', message: 'The body is empty; send a JSON object.' } });
    }
    if (status >= 400 && status < 500) {
      return reply.status(status).send({ error: { code: fe.code?.toLowerCase() ?? 'bad_request', message: fe.message } });
    }
    log.error({ err, url: req.url }, 'request failed');
    return reply.status(500).send({ error: { code: 'internal', message: 'Something failed on our side. Try again; sending the same request again is safe.' } });
  });
}
