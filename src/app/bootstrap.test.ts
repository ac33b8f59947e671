import { describe, expect, it, vi } from 'vitest';
import type { ProbeAnswer } from '../api/bootstrap';
import { answeringProbesFrom, parseBootstrap } from './bootstrap';

const ME_401: ProbeAnswer = { path: '/api/me', status: 401, body: { error: 'UNAUTHENTICATED', message: 'Sign in' } };
const SHARE_200: ProbeAnswer = { path: '/api/share-session', status: 200, body: { shareId: 's1' } };

describe('parseBootstrap', () => {
  it('reads what the gateway inlined', () => {
    const bootstrap = { configJson: '{"dicomweb":"/x"}', probes: [ME_401, SHARE_200] };
    expect(parseBootstrap(JSON.stringify(bootstrap))).toEqual(bootstrap);
    expect(parseBootstrap('{"configJson":null,"probes":[]}')).toEqual({ configJson: null, probes: [] });
  });

  it('leaves the app to ask itself when the page holds nothing usable', () => {
    expect(parseBootstrap(undefined)).toBeUndefined();
    expect(parseBootstrap('')).toBeUndefined();
    expect(parseBootstrap('{"configJson":null')).toBeUndefined();
    expect(parseBootstrap('{"probes":[]}')).toBeUndefined();
    expect(
      parseBootstrap('{"configJson":null,"probes":[{"path":"/api/users","status":200,"body":{}}]}'),
    ).toBeUndefined();
  });
});

describe('answeringProbesFrom', () => {
  const network = () => vi.fn<typeof fetch>(() => Promise.resolve(new Response('{"from":"network"}', { status: 200 })));

  it('answers each inlined probe once, as the gateway answered it, without the network', async () => {
    const net = network();
    const fetch = answeringProbesFrom([ME_401, SHARE_200], net);
    const me = await fetch('/api/me', { method: 'GET' });
    expect(me.status).toBe(401);
    expect(me.headers.get('content-type')).toContain('json');
    expect(await me.json()).toEqual(ME_401.body);
    expect(await (await fetch('/api/share-session')).json()).toEqual({ shareId: 's1' });
    expect(net).not.toHaveBeenCalled();
    // A second round goes to the gateway.
    expect(await (await fetch('/api/me')).json()).toEqual({ from: 'network' });
    expect(net).toHaveBeenCalledTimes(1);
  });

  it('drops the other answers once a probe is asked that the page holds no answer for', async () => {
    const net = network();
    const fetch = answeringProbesFrom([ME_401, SHARE_200], net);
    await fetch('/api/patient-session');
    await fetch('/api/me');
    expect(net).toHaveBeenCalledTimes(2);
  });

  it('leaves every other request to the network', async () => {
    const net = network();
    const fetch = answeringProbesFrom([ME_401], net);
    await fetch('/api/shares');
    await fetch('/api/me', { method: 'DELETE' });
    expect(net).toHaveBeenCalledTimes(2);
    expect((await fetch('/api/me')).status).toBe(401);
  });
});
