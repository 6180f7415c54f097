import { describe, expect, it } from 'vitest';
import { normalize, postToMessage } from './receive.js';

const account = { name: 'brand' };
const customer = { did: 'did:plc:customer123', handle: 'carla.test', displayName: 'Carla' };
const root = 'at://did:plc:customer123/app.bsky.feed.post/3root';

function post(overrides: Record<string, unknown> = {}, record: Record<string, unknown> = {}) {
  return {
    uri: 'at://did:plc:customer123/app.bsky.feed.post/3abc',
    cid: 'bafyabc',
    author: customer,
    record: { $type: 'app.bsky.feed.post', text: '@brand.test my bag is lost', createdAt: '2026-11-20T10:00:00.000Z', ...record },
    indexedAt: '2026-11-20T10:00:01.000Z',
    likeCount: 4,
    repostCount: 2,
    quoteCount: 1,
    replyCount: 3,
    ...overrides,
  };
}

describe('a Bluesky post as a message', () => {
  it('a post is a public message by its DID, threaded on its own URI, with its counts', () => {
    const m = postToMessage(post(), account, 250)!;
    expect(m).toMatchObject({
      channel: 'bluesky',
      account: 'brand',
      externalId: 'at://did:plc:customer123/app.bsky.feed.post/3abc',
      author: { id: 'did:plc:customer123', handle: 'carla.test', name: 'Carla', followers: 250 },
      text: '@brand.test my bag is lost',
      visibility: 'public',
      inReplyTo: null,
      rootId: 'at://did:plc:customer123/app.bsky.feed.post/3abc',
      createdAt: '2026-11-20T10:00:00.000Z',
      metrics: { likes: 4, shares: 3, replies: 3 },
    });
  });

  it('a reply names its parent and its thread’s root', () => {
    const parent = 'at://did:plc:brand/app.bsky.feed.post/3parent';
    const m = postToMessage(post({}, { reply: { root: { uri: root, cid: 'bafyroot' }, parent: { uri: parent, cid: 'bafyparent' } } }), account, null)!;
    expect(m.inReplyTo).toBe(parent);
    expect(m.rootId).toBe(root);
    expect(m.author.followers).toBeNull();
  });

  it('a createdAt later than the network saw the post, or unreadable, gives way to the indexing time', () => {
    expect(postToMessage(post({}, { createdAt: '2030-01-01T00:00:00Z' }), account, 0)!.createdAt).toBe('2026-11-20T10:00:01.000Z');
    expect(postToMessage(post({}, { createdAt: 'yesterday' }), account, 0)!.createdAt).toBe('2026-11-20T10:00:01.000Z');
  });

  it('no display name is no name; control characters are dropped; a record without text is not a post', () => {
    const m = postToMessage(post({ author: { ...customer, displayName: '  ' } }, { text: 'hello\u0007 there' }), account, 0)!;
    expect(m.author.name).toBeNull();
    expect(m.text).toBe('hello there');
    expect(postToMessage(post({}, { text: undefined }), account, 0)).toBeNull();
  });

  it('a stored event is read back; one that is not a Bluesky message is refused', () => {
    const m = postToMessage(post(), account, 1)!;
    expect(normalize(JSON.parse(JSON.stringify(m)))).toEqual(m);
    expect(() => normalize({ ...m, externalId: 'not-a-uri' })).toThrow(/not a normalized message/);
    expect(() => normalize(null)).toThrow();
  });
});
