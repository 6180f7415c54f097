/** A small client for the API: JSON in, status and JSON out. */
export function client(base: string, token?: string) {
  async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' || body instanceof Uint8Array ? (body as BodyInit) : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: res.status, body: json, headers: res.headers };
  }
  return {
    get: (p: string) => call('GET', p),
    post: (p: string, b?: unknown, h?: Record<string, string>) => call('POST', p, b, h),
    put: (p: string, b?: unknown) => call('PUT', p, b),
    patch: (p: string, b?: unknown) => call('PATCH', p, b),
    raw: call,
  };
}

export function message(overrides: Record<string, unknown> = {}) {
  return {
    channel: 'api',
    account: 'default',
    externalId: `m-${Math.random().toString(36).slice(2)}`,
    author: { id: 'u-1', handle: 'ana', name: 'Ana', followers: 120 },
    text: 'My order #A12345 has not arrived yet',
    visibility: 'public',
    inReplyTo: null,
    createdAt: '2026-11-20T10:00:00Z',
    metrics: { likes: 0, shares: 0, replies: 0 },
    ...overrides,
  };
}
