import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.js';
import { client } from './helpers/http.js';

let srv: TestServer;
let sup: ReturnType<typeof client>;
/** Sam: Customer care only. Aitana: Atención al cliente and Social media. */
let sam: ReturnType<typeof client>;
let aitana: ReturnType<typeof client>;
const team = new Map<string, number>();

const shortcuts = (res: { body: { items: { shortcut: string }[] } }) => res.body.items.map((c) => c.shortcut).filter((s) => s.startsWith('t-')).sort();

beforeAll(async () => {
  srv = await startTestServer({ web: false, worker: false });
  sup = client(srv.url, await srv.tokenFor('supervisor@conversa.test'));
  sam = client(srv.url, await srv.tokenFor('sam@conversa.test'));
  aitana = client(srv.url, await srv.tokenFor('aitana@conversa.test'));
  for (const t of (await sup.get('/api/v1/teams')).body.items as { id: number; name: string }[]) team.set(t.name, t.id);
  const answers = [
    { shortcut: 't-care-en', title: 'Care, English', text: 'Hello', teamId: team.get('Customer care'), language: 'en' },
    { shortcut: 't-care-any', title: 'Care, any language', text: 'Hello / Hola', teamId: team.get('Customer care'), language: null },
    { shortcut: 't-atencion-es', title: 'Atención, español', text: 'Hola', teamId: team.get('Atención al cliente'), language: 'es' },
    { shortcut: 't-social-en', title: 'Social, English', text: 'Thanks for the post', teamId: team.get('Social media'), language: 'en' },
    { shortcut: 't-all-es', title: 'Everyone, Spanish', text: 'Gracias', teamId: null, language: 'es' },
    { shortcut: 't-all-any', title: 'Everyone, any language', text: 'Thanks / Gracias', teamId: null, language: null },
  ];
  for (const a of answers) expect((await sup.post('/api/v1/canned-responses', a)).status).toBe(201);
});
afterAll(async () => srv?.close());

describe('canned responses per team and language', () => {
  it('gives agents their teams’ answers and everyone’s, never another team’s', async () => {
    expect(shortcuts(await sam.get('/api/v1/canned-responses'))).toEqual(['t-all-any', 't-all-es', 't-care-any', 't-care-en']);
    expect(shortcuts(await aitana.get('/api/v1/canned-responses'))).toEqual(['t-all-any', 't-all-es', 't-atencion-es', 't-social-en']);
    // Asking for another team's does not widen what an agent may read.
    expect(shortcuts(await sam.get(`/api/v1/canned-responses?team=${team.get('Social media')}`))).toEqual(['t-all-any', 't-all-es']);
  });

  it('narrows to a conversation’s team and language: theirs and the ones for all', async () => {
    expect(shortcuts(await sup.get('/api/v1/canned-responses'))).toHaveLength(6);
    expect(shortcuts(await sup.get(`/api/v1/canned-responses?team=${team.get('Customer care')}`))).toEqual(['t-all-any', 't-all-es', 't-care-any', 't-care-en']);
    expect(shortcuts(await sup.get(`/api/v1/canned-responses?team=${team.get('Customer care')}&language=es`))).toEqual(['t-all-any', 't-all-es', 't-care-any']);
    expect(shortcuts(await sup.get('/api/v1/canned-responses?language=en'))).toEqual(['t-all-any', 't-care-any', 't-care-en', 't-social-en']);
    expect(shortcuts(await aitana.get('/api/v1/canned-responses?language=es'))).toEqual(['t-all-any', 't-all-es', 't-atencion-es']);
  });

  it('moves an answer to another team or to all, and agents see it move', async () => {
    const item = (await sup.get('/api/v1/canned-responses?q=t-social-en')).body.items[0];
    expect((await sup.patch(`/api/v1/canned-responses/${item.id}`, { teamId: team.get('Customer care') })).status).toBe(200);
    expect(shortcuts(await sam.get('/api/v1/canned-responses'))).toContain('t-social-en');
    expect(shortcuts(await aitana.get('/api/v1/canned-responses'))).not.toContain('t-social-en');
    expect((await sup.patch(`/api/v1/canned-responses/${item.id}`, { teamId: null, language: null })).status).toBe(200);
    expect(shortcuts(await aitana.get('/api/v1/canned-responses?language=es'))).toContain('t-social-en');
    expect((await sup.get('/api/v1/canned-responses?team=0')).status).toBe(400);
  });
});
