import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditRows } from '../../../test/support/auditRows';
import { corpusDir } from '../../../test/support/corpus';
import { ADMIN, MINUTE, ORIGIN, RADIOLOGIST, startHarness, type Harness } from '../../../test/support/sharing/harness';
import { delayAfter } from './loginThrottle';
import { networkOf } from './networkOf';

/**
 * Failed sign-ins slow down the address they come from, never the account: driven through the
 * real app with inject()'s remoteAddress, counting how often a password is actually checked.
 */
const verifier = vi.hoisted(() => ({ calls: 0 }));
vi.mock('../security/passwords', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../security/passwords')>();
  return {
    ...actual,
    verifySecret: (secret: string, stored: string) => {
      verifier.calls++;
      return actual.verifySecret(secret, stored);
    },
  };
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ corpusDir });
});
afterAll(async () => h.close());

type Credentials = { username: string; password: string };
const loginFrom = (ip: string, credentials: Credentials) =>
  h.app.inject({
    method: 'POST',
    url: '/api/login',
    remoteAddress: ip,
    headers: { origin: ORIGIN },
    payload: credentials,
  });
const wrong = (username: string, n = 0): Credentials => ({ username, password: `wrong-password-${n}` });
const slowedMessage = (seconds: number) => `Too many failed sign-ins from this address; try again in ${seconds} s`;
const auditFrom = async (ip: string, type: string) =>
  (await auditRows(h.store.auditLog)).filter((row) => row.ip === ip && row.type === type);

describe('login throttling', () => {
  it('checks at most 5 of 30 parallel wrong passwords for one account from one address; the rest get 429 unchecked', async () => {
    const ip = '203.0.113.1';
    const before = verifier.calls;
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => loginFrom(ip, wrong(RADIOLOGIST.username, i))),
    );
    expect(verifier.calls - before).toBe(5);
    expect(responses.filter((r) => r.statusCode === 401).map((r) => r.json<{ error: string }>().error)).toEqual(
      Array(5).fill('INVALID_CREDENTIALS'),
    );
    const throttled = responses.filter((r) => r.statusCode === 429);
    expect(throttled).toHaveLength(25);
    for (const response of throttled) {
      expect(response.headers['retry-after']).toBe('1');
      expect(response.json()).toEqual({ error: 'TOO_MANY_ATTEMPTS', message: slowedMessage(1) });
    }
    expect(await auditFrom(ip, 'login.failed')).toHaveLength(5);
    expect(await auditFrom(ip, 'login.throttled')).toHaveLength(25);
    expect(JSON.parse((await auditFrom(ip, 'login.throttled'))[0]!.detail)).toMatchObject({
      username: RADIOLOGIST.username,
    });
  });

  it("someone else's failures for an account from one address never stop its owner signing in from another", async () => {
    const attacker = '203.0.113.2';
    for (let i = 0; i < 5; i++) expect((await loginFrom(attacker, wrong(ADMIN.username, i))).statusCode).toBe(401);
    expect((await loginFrom(attacker, wrong(ADMIN.username, 5))).statusCode).toBe(429);
    h.clock.advance(1000);
    expect((await loginFrom(attacker, wrong(ADMIN.username, 6))).statusCode).toBe(401);

    const owner = await loginFrom('192.0.2.10', ADMIN);
    expect(owner.statusCode).toBe(200);
    expect(owner.json<{ user: { username: string } }>().user.username).toBe('admin');
    // …and the owner's success does not forgive the attacker's address.
    expect((await loginFrom(attacker, ADMIN)).statusCode).toBe(429);
  });

  it('an address failing for many names waits longer and longer, without a check, while other addresses sign in', async () => {
    const sprayer = '198.51.100.7';
    for (let i = 0; i < 20; i++)
      expect((await loginFrom(sprayer, { username: `sprayed-${i}`, password: 'Winter2025!' })).statusCode).toBe(401);
    const waits: number[] = [];
    for (let i = 20; i < 25; i++) {
      const before = verifier.calls;
      const held = await loginFrom(sprayer, ADMIN);
      expect(verifier.calls).toBe(before);
      expect(held.statusCode).toBe(429);
      const seconds = Number(held.headers['retry-after']);
      expect(held.json()).toEqual({ error: 'TOO_MANY_ATTEMPTS', message: slowedMessage(seconds) });
      waits.push(seconds);
      h.clock.advance(seconds * 1000 - 1);
      expect((await loginFrom(sprayer, ADMIN)).statusCode).toBe(429);
      h.clock.advance(1);
      expect((await loginFrom(sprayer, { username: `sprayed-${i}`, password: 'Winter2025!' })).statusCode).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16]);
    const elsewhere = await loginFrom('192.0.2.20', RADIOLOGIST);
    expect(elsewhere.statusCode).toBe(200);
    expect(elsewhere.json<{ user: { username: string } }>().user.username).toBe(RADIOLOGIST.username);
  });

  it('the right password from a slowed address signs in once the wait is over, and clears that account’s count there', async () => {
    const ip = '192.0.2.44';
    for (let i = 0; i < 5; i++) expect((await loginFrom(ip, wrong(RADIOLOGIST.username, i))).statusCode).toBe(401);
    const before = verifier.calls;
    const early = await loginFrom(ip, RADIOLOGIST);
    expect(verifier.calls).toBe(before);
    expect([early.statusCode, early.headers['retry-after']]).toEqual([429, '1']);
    expect(early.json()).toEqual({ error: 'TOO_MANY_ATTEMPTS', message: slowedMessage(1) });
    expect((await auditFrom(ip, 'login.throttled')).map((row) => JSON.parse(row.detail))).toEqual([
      expect.objectContaining({ username: RADIOLOGIST.username }),
    ]);

    h.clock.advance(1000);
    const late = await loginFrom(ip, RADIOLOGIST);
    expect(late.statusCode).toBe(200);
    expect(late.json<{ user: { username: string } }>().user.username).toBe(RADIOLOGIST.username);
    for (let i = 0; i < 5; i++) expect((await loginFrom(ip, wrong(RADIOLOGIST.username, i))).statusCode).toBe(401);
    expect((await loginFrom(ip, RADIOLOGIST)).statusCode).toBe(429);
  });

  it('forgets failures an hour after they happened', async () => {
    const ip = '192.0.2.55';
    for (let i = 0; i < 5; i++) expect((await loginFrom(ip, wrong(ADMIN.username, i))).statusCode).toBe(401);
    expect((await loginFrom(ip, wrong(ADMIN.username))).statusCode).toBe(429);
    h.clock.advance(60 * MINUTE);
    for (let i = 0; i < 5; i++) expect((await loginFrom(ip, wrong(ADMIN.username, i))).statusCode).toBe(401);
  });

  it('counts an IPv6 /64 as one address, so rotating within it does not escape', async () => {
    for (let i = 1; i <= 20; i++)
      expect((await loginFrom(`2001:db8:0:7::${i.toString(16)}`, wrong(`v6-${i}`))).statusCode).toBe(401);
    const rotated = await loginFrom('2001:db8:0:7:ffff:1:2:3', ADMIN);
    expect([rotated.statusCode, rotated.headers['retry-after']]).toEqual([429, '1']);
    expect((await loginFrom('2001:db8:0:8::1', ADMIN)).statusCode).toBe(200);
  });
});

describe('delayAfter', () => {
  it('is nothing for the free failures, then 1 s doubling, at most 15 minutes', () => {
    expect([4, 5, 6, 7, 14].map((failures) => delayAfter(failures, 5))).toEqual([0, 1000, 2000, 4000, 512_000]);
    expect(delayAfter(15, 5)).toBe(15 * MINUTE);
    expect(delayAfter(10_000, 5)).toBe(15 * MINUTE);
  });
});

describe('networkOf', () => {
  it('keeps IPv4, unwraps IPv4-mapped IPv6, and reduces IPv6 to its /64', () => {
    expect(networkOf('198.51.100.7')).toBe('198.51.100.7');
    expect(networkOf('::ffff:198.51.100.7')).toBe('198.51.100.7');
    expect(networkOf('2001:db8:0:7::1')).toBe('2001:db8:0:7::/64');
    expect(networkOf('2001:0DB8:0000:0007:ffff:1:2:3')).toBe('2001:db8:0:7::/64');
    expect(networkOf('2001:db8::7:1')).toBe('2001:db8:0:0::/64');
    expect(networkOf('::1')).toBe('0:0:0:0::/64');
    expect(networkOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(networkOf('64:ff9b::198.51.100.7')).toBe('64:ff9b:0:0::/64');
  });
});
