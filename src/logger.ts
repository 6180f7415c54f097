import { pino, type Logger } from 'pino';

export type { Logger };

const level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' || process.env.VITEST ? 'silent' : 'info');

/** The one root logger; modules take a child with their own name. */
export const logger: Logger = pino({ level, base: { service: 'conversa' } });

export function moduleLogger(name: string): Logger {
  return logger.child({ module: name });
}
