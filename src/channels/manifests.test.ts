import { describe, expect, it } from 'vitest';
import { BUILT_IN_MANIFESTS, threadsPrivately } from './manifests.js';
import { defaultChannelRegistry } from './registry.js';

describe('built-in channel manifests', () => {
  it('are the registered channels’ own manifests', () => {
    const registry = defaultChannelRegistry();
    for (const [kind, manifest] of BUILT_IN_MANIFESTS) expect(registry.get(kind)?.manifest).toBe(manifest);
    for (const kind of ['api', 'bluesky', 'email', 'phone', 'webchat']) expect(BUILT_IN_MANIFESTS.has(kind)).toBe(true);
  });

  it('only email threads its private messages by their reply headers', () => {
    expect(threadsPrivately('email')).toBe(true);
    for (const kind of ['api', 'bluesky', 'webchat', 'phone', 'whatsapp', 'telegram', 'x']) expect(threadsPrivately(kind)).toBe(false);
  });
});
