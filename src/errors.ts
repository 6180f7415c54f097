/**
 * Typed errors with stable codes. Every 4xx the API answers comes from one of these, so a client
 * can branch on `code` and a person can read `message` (what was wrong and how to fix it).
 */
export class ConversaError extends Error {
  override name = 'ConversaError';
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export class InvalidRequestError extends ConversaError {
  override name = 'InvalidRequestError';
  constructor(message: string, details?: unknown, code = 'invalid_request') {
    super(code, 400, message, details);
  }
}

export class UnauthenticatedError extends ConversaError {
  override name = 'UnauthenticatedError';
  constructor(message = 'Sign in first: send the session cookie or an "Authorization: Bearer <token>" header.') {
    super('unauthenticated', 401, message);
  }
}

export class ForbiddenError extends ConversaError {
  override name = 'ForbiddenError';
  constructor(message: string) {
    super('forbidden', 403, message);
  }
}

export class NotFoundError extends ConversaError {
  override name = 'NotFoundError';
  constructor(what: string, id?: string | number) {
    super('not_found', 404, id === undefined ? `${what} not found.` : `${what} ${id} not found.`);
  }
}

export class ConflictError extends ConversaError {
  override name = 'ConflictError';
  constructor(message: string, code = 'conflict') {
    super(code, 409, message);
  }
}

export class PayloadTooLargeError extends ConversaError {
  override name = 'PayloadTooLargeError';
  constructor(message: string, code = 'payload_too_large') {
    super(code, 413, message);
  }
}

export class RateLimitedError extends ConversaError {
  override name = 'RateLimitedError';
  constructor(message: string, readonly retryAfterSeconds: number) {
    super('rate_limited', 429, message);
  }
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}
