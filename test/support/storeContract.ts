import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditRow, ChainHead } from '../../src/server/store/auditLog';
import { MIGRATIONS } from '../../src/server/store/migrations';
import type { LockoutPolicy, NewPatientLink } from '../../src/server/store/patientLinks';
import type { NewShare, PasscodePolicy } from '../../src/server/store/shares';
import type { Store, StoreData } from '../../src/server/store/store';
import { UsernameTakenError } from '../../src/server/store/users';
import { auditRows } from './auditRows';

/**
 * The contract of the `Store` interface (src/server/store/store.ts), written once against the
 * interface. Every implementation runs it (SQLite: src/server/store/sqliteStore.contract.test.ts);
 * a new one (PostgreSQL, say) that passes it is a drop-in for the gateway. It covers every method
 * of every sub-store, transactions (commit, rollback on a throw, isolation under concurrency),
 * migrations, and the invariants the gateway relies on (revoked stays revoked, one unbroken audit
 * chain, atomic counters).
 *
 * `place()` makes a new, empty place to keep a store (a directory, a database name); `open()`
 * may be called on it more than once, one store open at a time, and must find the data kept there.
 */
interface StorePlace {
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

const T0 = Date.UTC(2025, 0, 1);
const MIN = 60_000;
const POLICY: PasscodePolicy = { maxAttempts: 2, lockMs: 10 * MIN, maxFailures: 4 };

const newShare = (id: string, over: Partial<NewShare> = {}): NewShare => ({
  id,
  tokenHash: `token-${id}`,
  createdBy: 'u1',
  senderName: 'Dr One',
  label: undefined,
  message: undefined,
  scope: {
    studies: [{ study: '1.2.3', series: ['1.2.3.4'] }],
    seriesScoped: true,
    allowDownload: false,
    allowReply: false,
  },
  passcodeHash: undefined,
  maxOpens: undefined,
  createdAt: T0,
  expiresAt: T0 + 60 * MIN,
  ...over,
});

/** An audit row chained to the head, as the audit trail builds it (the hash need not be real here). */
const chained =
  (type: string, shareId: string | null = null, at = T0) =>
  (head: ChainHead | undefined): AuditRow => ({
    id: (head?.id ?? 0) + 1,
    at,
    type,
    outcome: 'success',
    actor_kind: 'system',
    actor_id: null,
    actor_name: 'test',
    ip: null,
    share_id: shareId,
    studies: null,
    detail: '{}',
    prev_hash: head?.hash ?? 'genesis',
    hash: `hash-${(head?.id ?? 0) + 1}`,
  });

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

export function describeStoreContract(name: string, place: () => Promise<StorePlace>) {
  describe(`Store contract: ${name}`, () => {
    let where: StorePlace;
    let store: Store;
    const addUser = (data: StoreData, username: string) =>
      data.users.create({ username, displayName: username, role: 'radiologist', passwordHash: 'h', now: T0 });

    beforeEach(async () => {
      where = await place();
      store = await where.open();
    });
    afterEach(async () => {
      await store.close();
      await where.dispose();
    });

    describe('migrations', () => {
      it('a fresh store is at the latest schema version', async () => {
        expect(await store.schemaVersion()).toBe(MIGRATIONS.length);
      });

      it('reopening keeps the data and the version, and runs no migration again', async () => {
        const user = await addUser(store, 'keeper');
        await store.close();
        store = await where.open();
        expect(await store.schemaVersion()).toBe(MIGRATIONS.length);
        expect(await store.users.findById(user.id)).toMatchObject({ username: 'keeper' });
        expect(await store.users.count()).toBe(1);
      });
    });

    describe('users', () => {
      it('creates, counts and finds by id and by name (any case), with the hash', async () => {
        expect(await store.users.count()).toBe(0);
        const user = await store.users.create({
          username: 'Alice',
          displayName: 'Dr Alice',
          role: 'admin',
          passwordHash: 'scrypt$x',
          now: T0,
        });
        expect(user).toEqual({ id: user.id, username: 'Alice', displayName: 'Dr Alice', role: 'admin', createdAt: T0 });
        expect(await store.users.count()).toBe(1);
        expect(await store.users.findById(user.id)).toEqual({ ...user, passwordHash: 'scrypt$x' });
        expect(await store.users.findByUsername('alice')).toEqual({ ...user, passwordHash: 'scrypt$x' });
        expect(await store.users.findByUsername('bob')).toBeUndefined();
        expect(await store.users.findById('nobody')).toBeUndefined();
      });

      it('refuses a taken name (any case) with UsernameTakenError', async () => {
        await addUser(store, 'carol');
        await expect(addUser(store, 'CAROL')).rejects.toBeInstanceOf(UsernameTakenError);
        expect(await store.users.count()).toBe(1);
      });
    });

    describe('sessions', () => {
      const session = (idHash: string, userId: string, at = T0) => ({
        idHash,
        userId,
        csrfToken: `csrf-${idHash}`,
        createdAt: at,
        lastSeenAt: at,
        expiresAt: at + 60 * MIN,
        ip: '192.0.2.1',
      });

      it('creates, finds, touches (at most every few seconds) and deletes', async () => {
        const user = await addUser(store, 'dave');
        await store.sessions.create(session('s1', user.id));
        expect(await store.sessions.find('s1')).toEqual(session('s1', user.id));
        await store.sessions.touch('s1', T0 + 1000);
        expect((await store.sessions.find('s1'))!.lastSeenAt).toBe(T0);
        await store.sessions.touch('s1', T0 + MIN);
        expect((await store.sessions.find('s1'))!.lastSeenAt).toBe(T0 + MIN);
        await store.sessions.delete('s1');
        expect(await store.sessions.find('s1')).toBeUndefined();
      });

      it('deleteStale drops ended and idle sessions only', async () => {
        const user = await addUser(store, 'erin');
        await store.sessions.create(session('old', user.id, T0 - 120 * MIN));
        await store.sessions.create(session('idle', user.id, T0 - 20 * MIN));
        await store.sessions.create(session('live', user.id, T0 - MIN));
        await store.sessions.deleteStale(T0, 15 * MIN);
        expect(await store.sessions.find('old')).toBeUndefined();
        expect(await store.sessions.find('idle')).toBeUndefined();
        expect(await store.sessions.find('live')).toBeDefined();
      });
    });

    describe('login failures', () => {
      const wait = (free: number) => (histories: { count: number }[]) =>
        histories.some((h) => h.count >= free) ? 1000 : 0;

      it('reserves per key, reports histories, and refuses once waitFor says wait', async () => {
        const seen: unknown[] = [];
        const first = await store.loginFailures.reserve(['a', 'b'], T0 - MIN, T0, (h) => (seen.push(h), 0));
        expect(first).toEqual({ reserved: true, ids: [expect.any(Number), expect.any(Number)] });
        expect(seen).toEqual([
          [
            { count: 0, latest: undefined },
            { count: 0, latest: undefined },
          ],
        ]);
        await store.loginFailures.reserve(['a'], T0 - MIN, T0 + 10, (h) => (seen.push(h), 0));
        expect(seen[1]).toEqual([{ count: 1, latest: T0 }]);
        expect(await store.loginFailures.reserve(['a'], T0 - MIN, T0 + 20, wait(2))).toEqual({
          reserved: false,
          waitMs: 1000,
        });
      });

      it('withdraws a reservation, clears one key, and forgets failures at or before `since`', async () => {
        const counts = async (key: string, since: number) => {
          let count = -1;
          await store.loginFailures.reserve([key], since, T0 + 100, (h) => ((count = h[0]!.count), 1));
          return count;
        };
        const r1 = await store.loginFailures.reserve(['k', 'other'], T0 - MIN, T0, () => 0);
        await store.loginFailures.reserve(['k'], T0 - MIN, T0 + 50, () => 0);
        expect(await counts('k', T0 - MIN)).toBe(2);
        if (!r1.reserved) throw new Error('reserved expected');
        await store.loginFailures.withdraw(r1.ids.slice(0, 1));
        expect(await counts('k', T0 - MIN)).toBe(1);
        expect(await counts('other', T0 - MIN)).toBe(1);
        await store.loginFailures.clear('k');
        expect(await counts('k', T0 - MIN)).toBe(0);
        expect(await counts('other', T0 - MIN)).toBe(1);
        expect(await counts('other', T0)).toBe(0);
        expect(await counts('other', T0 - MIN)).toBe(0);
      });

      it('parallel reservations see each other (the check and the insert are one step)', async () => {
        const outcomes = await Promise.all(
          Array.from({ length: 6 }, () => store.loginFailures.reserve(['p'], T0 - MIN, T0, wait(3))),
        );
        expect(outcomes.filter((o) => o.reserved)).toHaveLength(3);
      });
    });

    describe('setup tokens', () => {
      it('issue replaces unused tokens; consume works once, before expiry; isValid agrees', async () => {
        await store.setupTokens.issue('t1', T0, T0 + MIN);
        await store.setupTokens.issue('t2', T0, T0 + MIN);
        expect(await store.setupTokens.isValid('t1', T0)).toBe(false);
        expect(await store.setupTokens.isValid('t2', T0)).toBe(true);
        expect(await store.setupTokens.isValid('t2', T0 + MIN)).toBe(false);
        expect(await store.setupTokens.consume('t2', T0 + MIN)).toBe(false);
        const racers = await Promise.all([store.setupTokens.consume('t2', T0), store.setupTokens.consume('t2', T0)]);
        expect(racers.sort()).toEqual([false, true]);
        expect(await store.setupTokens.isValid('t2', T0)).toBe(false);
      });
    });

    describe('shares', () => {
      beforeEach(async () => {
        await store.users.create({ username: 'u1', displayName: 'U', role: 'admin', passwordHash: 'h', now: T0 });
      });
      // Shares reference their creator: find the user's real id.
      const owner = async () => (await store.users.findByUsername('u1'))!.id;

      it('creates and reads back every field, by id and by token hash', async () => {
        const share = newShare('s1', {
          createdBy: await owner(),
          label: 'MRI',
          message: 'Line one\nline two',
          passcodeHash: 'pc',
          maxOpens: 3,
          scope: {
            studies: [{ study: '1.2', series: ['1.2.1', '1.2.2'] }],
            seriesScoped: false,
            allowDownload: true,
            allowReply: true,
          },
        });
        await store.shares.create(share);
        const expected = {
          ...share,
          opens: 0,
          lockedUntil: undefined,
          passcodeFailures: 0,
          passcodeBlockedAt: undefined,
          revokedAt: undefined,
          revokedBy: undefined,
        };
        expect(await store.shares.get('s1')).toEqual(expected);
        expect(await store.shares.byTokenHash('token-s1')).toEqual(expected);
        expect(await store.shares.get('nope')).toBeUndefined();
        expect(await store.shares.byTokenHash('nope')).toBeUndefined();
      });

      it('lists newest first, one sender or everyone', async () => {
        const me = await owner();
        const other = (await addUser(store, 'other')).id;
        await store.shares.create(newShare('a', { createdBy: me, createdAt: T0 }));
        await store.shares.create(newShare('b', { createdBy: other, createdAt: T0 + 1 }));
        await store.shares.create(newShare('c', { createdBy: me, createdAt: T0 + 2 }));
        expect((await store.shares.list(me)).map((s) => s.id)).toEqual(['c', 'a']);
        expect((await store.shares.list(undefined)).map((s) => s.id)).toEqual(['c', 'b', 'a']);
      });

      it('revoke is true once only, and a revoked share stays revoked', async () => {
        await store.shares.create(newShare('r', { createdBy: await owner() }));
        const racers = await Promise.all([
          store.shares.revoke('r', 'x', T0 + 1),
          store.shares.revoke('r', 'y', T0 + 2),
        ]);
        expect(racers.sort()).toEqual([false, true]);
        const revoked = (await store.shares.get('r'))!;
        expect(revoked.revokedAt).toBeDefined();
        await store.shares.setExpiry('r', T0 + 600 * MIN);
        await store.shares.unlock('r');
        expect(await store.shares.revoke('r', 'z', T0 + 3)).toBe(false);
        expect(await store.shares.get('r')).toMatchObject({
          revokedAt: revoked.revokedAt,
          revokedBy: revoked.revokedBy,
        });
        expect(await store.shares.countOpen('r', T0 + 4)).toBe(false);
        expect(await store.shares.revoke('missing', 'x', T0)).toBe(false);
      });

      it('setExpiry moves the end; countOpen counts live opens up to maxOpens, atomically', async () => {
        await store.shares.create(newShare('o', { createdBy: await owner(), maxOpens: 2 }));
        await store.shares.setExpiry('o', T0 + 5 * MIN);
        expect((await store.shares.get('o'))!.expiresAt).toBe(T0 + 5 * MIN);
        expect(await store.shares.countOpen('o', T0 + 5 * MIN)).toBe(false);
        const opens = await Promise.all([1, 2, 3].map(() => store.shares.countOpen('o', T0)));
        expect(opens.filter(Boolean)).toHaveLength(2);
        expect((await store.shares.get('o'))!.opens).toBe(2);
      });

      it('passcode tries: reserved, settled, locked, blocked, and unlocked by the sender', async () => {
        await store.shares.create(newShare('p', { createdBy: await owner(), passcodeHash: 'pc' }));
        const shares = store.shares;
        expect(await shares.beginPasscodeAttempt('p', T0, POLICY)).toEqual({ allowed: true });
        expect(await shares.finishPasscodeAttempt('p', false, T0, POLICY)).toEqual({
          lockedUntil: undefined,
          blockedNow: false,
          attemptsLeft: 1,
        });
        expect(await shares.beginPasscodeAttempt('p', T0, POLICY)).toEqual({ allowed: true });
        expect(await shares.finishPasscodeAttempt('p', false, T0, POLICY)).toEqual({
          lockedUntil: T0 + 10 * MIN,
          blockedNow: false,
          attemptsLeft: 0,
        });
        expect(await shares.beginPasscodeAttempt('p', T0 + MIN, POLICY)).toEqual({
          allowed: false,
          lockedUntil: T0 + 10 * MIN,
          lockedNow: false,
        });
        expect((await shares.get('p'))!).toMatchObject({ lockedUntil: T0 + 10 * MIN, passcodeFailures: 2 });
        // The lock has run out: two more wrong tries use up the budget of four.
        const later = T0 + 11 * MIN;
        expect(await shares.beginPasscodeAttempt('p', later, POLICY)).toEqual({ allowed: true });
        await shares.finishPasscodeAttempt('p', false, later, POLICY);
        expect(await shares.beginPasscodeAttempt('p', later, POLICY)).toEqual({ allowed: true });
        expect((await shares.finishPasscodeAttempt('p', false, later, POLICY)).blockedNow).toBe(true);
        expect(await shares.beginPasscodeAttempt('p', later + 60 * MIN, POLICY)).toEqual({
          allowed: false,
          blocked: true,
        });
        expect(await shares.unlock('p')).toBe(true);
        expect((await shares.get('p'))!).toMatchObject({
          lockedUntil: undefined,
          passcodeFailures: 0,
          passcodeBlockedAt: undefined,
        });
        expect(await shares.beginPasscodeAttempt('p', later, POLICY)).toEqual({ allowed: true });
        expect(await shares.finishPasscodeAttempt('p', true, later, POLICY)).toEqual({
          lockedUntil: undefined,
          blockedNow: false,
          attemptsLeft: 2,
        });
        expect(await shares.unlock('missing')).toBe(false);
      });

      it('parallel passcode tries cannot exceed the allowed number', async () => {
        await store.shares.create(newShare('q', { createdBy: await owner(), passcodeHash: 'pc' }));
        const gates = await Promise.all([1, 2, 3, 4].map(() => store.shares.beginPasscodeAttempt('q', T0, POLICY)));
        expect(gates.filter((g) => g.allowed)).toHaveLength(POLICY.maxAttempts);
      });
    });

    describe('patient links, patient sessions and forwards', () => {
      let owner: string;
      beforeEach(async () => {
        owner = (await addUser(store, 'staff')).id;
      });
      const newLink = (id: string, over: Partial<NewPatientLink> = {}): NewPatientLink => ({
        id,
        tokenHash: `token-${id}`,
        accessCodeHash: `code-${id}`,
        createdBy: owner,
        createdByName: 'Dr Staff',
        patientID: 'P-1',
        studyInstanceUIDs: undefined,
        patientName: 'Jane Doe',
        birthDateHash: 'bd',
        passcodeHash: undefined,
        allowDownload: true,
        createdAt: T0,
        expiresAt: T0 + 90 * 24 * 60 * MIN,
        ...over,
      });
      const LOCKOUT: LockoutPolicy = { maxFailures: 3, lockMs: 15 * MIN };

      it('creates and reads back every field, by id, token hash and access code hash', async () => {
        const link = newLink('l1', { patientID: undefined, studyInstanceUIDs: ['1.2', '1.3'], passcodeHash: 'pc' });
        await store.patientLinks.create(link);
        const expected = {
          ...link,
          failures: 0,
          lockedUntil: undefined,
          lastOpenedAt: undefined,
          revokedAt: undefined,
          revokedBy: undefined,
        };
        expect(await store.patientLinks.get('l1')).toEqual(expected);
        expect(await store.patientLinks.byTokenHash('token-l1')).toEqual(expected);
        expect(await store.patientLinks.byAccessCodeHash('code-l1')).toEqual(expected);
        expect(await store.patientLinks.get('nope')).toBeUndefined();
        expect(await store.patientLinks.byAccessCodeHash('token-l1')).toBeUndefined();
      });

      it('lists newest first, one creator or everyone; revoke is true once only and stays', async () => {
        const other = (await addUser(store, 'other')).id;
        await store.patientLinks.create(newLink('a', { createdAt: T0 }));
        await store.patientLinks.create(newLink('b', { createdBy: other, createdAt: T0 + 1 }));
        await store.patientLinks.create(newLink('c', { createdAt: T0 + 2 }));
        expect((await store.patientLinks.list(owner)).map((l) => l.id)).toEqual(['c', 'a']);
        expect((await store.patientLinks.list(undefined)).map((l) => l.id)).toEqual(['c', 'b', 'a']);
        const racers = await Promise.all([
          store.patientLinks.revoke('a', 'x', T0 + 1),
          store.patientLinks.revoke('a', 'y', T0 + 2),
        ]);
        expect(racers.sort()).toEqual([false, true]);
        expect(await store.patientLinks.revoke('a', 'z', T0 + 3)).toBe(false);
        expect((await store.patientLinks.get('a'))!.revokedAt).toBeLessThan(T0 + 3);
      });

      it('settleAttempt: wrong answers count, the last allowed one locks, the lock refuses even the right one', async () => {
        await store.patientLinks.create(newLink('t'));
        expect(await store.patientLinks.settleAttempt('t', false, T0, LOCKOUT)).toEqual({
          kind: 'wrong',
          triesLeft: 2,
        });
        expect(await store.patientLinks.settleAttempt('t', true, T0, LOCKOUT)).toEqual({ kind: 'right' });
        expect(await store.patientLinks.get('t')).toMatchObject({ failures: 0, lastOpenedAt: T0 });
        await store.patientLinks.settleAttempt('t', false, T0, LOCKOUT);
        await store.patientLinks.settleAttempt('t', false, T0, LOCKOUT);
        expect(await store.patientLinks.settleAttempt('t', false, T0 + 1, LOCKOUT)).toEqual({
          kind: 'locked',
          lockedUntil: T0 + 1 + 15 * MIN,
          lockedNow: true,
        });
        expect(await store.patientLinks.settleAttempt('t', true, T0 + 2, LOCKOUT)).toEqual({
          kind: 'locked',
          lockedUntil: T0 + 1 + 15 * MIN,
          lockedNow: false,
        });
        expect(await store.patientLinks.get('t')).toMatchObject({ failures: 0, lockedUntil: T0 + 1 + 15 * MIN });
        expect(await store.patientLinks.settleAttempt('t', true, T0 + 1 + 15 * MIN, LOCKOUT)).toEqual({
          kind: 'right',
        });
        expect(await store.patientLinks.get('t')).toMatchObject({
          lockedUntil: undefined,
          lastOpenedAt: T0 + 1 + 15 * MIN,
        });
      });

      it('parallel wrong answers lock after exactly maxFailures, and then nothing gets through', async () => {
        await store.patientLinks.create(newLink('p'));
        const answers = [false, false, false, true, true, false, true];
        const outcomes = await Promise.all(
          answers.map((right) => store.patientLinks.settleAttempt('p', right, T0, LOCKOUT)),
        );
        // Settled one after the other in call order: three wrong, then the lock.
        expect(outcomes.map((o) => o.kind)).toEqual([
          'wrong',
          'wrong',
          'locked',
          'locked',
          'locked',
          'locked',
          'locked',
        ]);
      });

      it('patient sessions: create, find with their studies, setStudies, delete, deleteExpired', async () => {
        await store.patientLinks.create(newLink('l'));
        const s = (idHash: string, expiresAt: number) => ({
          idHash,
          linkId: 'l',
          csrfToken: `csrf-${idHash}`,
          studies: [{ study: '1.2', series: ['1.2.1'] }],
          createdAt: T0,
          expiresAt,
          ip: '::1',
        });
        await store.patientSessions.create(s('x', T0 + MIN));
        await store.patientSessions.create(s('y', T0 + 10 * MIN));
        expect(await store.patientSessions.find('x')).toEqual(s('x', T0 + MIN));
        await store.patientSessions.setStudies('y', [{ study: '9.9', series: ['9.9.1', '9.9.2'] }]);
        expect((await store.patientSessions.find('y'))!.studies).toEqual([
          { study: '9.9', series: ['9.9.1', '9.9.2'] },
        ]);
        await store.patientSessions.deleteExpired(T0 + MIN);
        expect(await store.patientSessions.find('x')).toBeUndefined();
        expect(await store.patientSessions.find('y')).toBeDefined();
        await store.patientSessions.delete('y');
        expect(await store.patientSessions.find('y')).toBeUndefined();
      });

      it("forwards: a share remembers its patient link, which lists it; the creator's own list leaves it out", async () => {
        await store.patientLinks.create(newLink('l'));
        await store.shares.create(newShare('staff-share', { createdBy: owner, createdAt: T0 }));
        await store.shares.create(newShare('fwd', { createdBy: owner, forwardedFrom: 'l', createdAt: T0 + 1 }));
        expect((await store.shares.get('fwd'))!.forwardedFrom).toBe('l');
        expect((await store.shares.get('staff-share'))!.forwardedFrom).toBeUndefined();
        expect((await store.shares.listForwardedFrom('l')).map((s) => s.id)).toEqual(['fwd']);
        expect((await store.shares.listForwardedFrom('other')).map((s) => s.id)).toEqual([]);
        expect((await store.shares.list(owner)).map((s) => s.id)).toEqual(['staff-share']);
        expect((await store.shares.list(undefined)).map((s) => s.id)).toEqual(['fwd', 'staff-share']);
      });
    });

    describe('share sessions and study access', () => {
      beforeEach(async () => {
        const user = await addUser(store, 'sender');
        await store.shares.create(newShare('sh', { createdBy: user.id }));
      });

      it('share sessions: create, find, delete, deleteExpired', async () => {
        const s = (idHash: string, expiresAt: number) => ({
          idHash,
          shareId: 'sh',
          createdAt: T0,
          expiresAt,
          ip: '::1',
        });
        await store.shareSessions.create(s('x', T0 + MIN));
        await store.shareSessions.create(s('y', T0 + 10 * MIN));
        await store.shareSessions.create(s('z', T0 + 10 * MIN));
        expect(await store.shareSessions.find('x')).toEqual(s('x', T0 + MIN));
        await store.shareSessions.deleteExpired(T0 + MIN);
        expect(await store.shareSessions.find('x')).toBeUndefined();
        expect(await store.shareSessions.find('y')).toBeDefined();
        await store.shareSessions.delete('y');
        expect(await store.shareSessions.find('y')).toBeUndefined();
        expect(await store.shareSessions.find('z')).toBeDefined();
      });

      it('share replies: recorded, listed per share in the order recorded, counted', async () => {
        const reply = (series: string, at: number) => ({
          shareId: 'sh',
          receivedAt: at,
          study: '1.2.3',
          series,
          sopInstanceUIDs: [`${series}.1`, `${series}.2`],
          sopClassUIDs: ['1.2.840.10008.5.1.4.1.1.88.33', '1.2.840.10008.5.1.4.1.1.88.59'],
        });
        expect(await store.shareReplies.forShare('sh')).toEqual([]);
        expect(await store.shareReplies.count('sh')).toBe(0);
        expect(await store.shareReplies.lastReceivedAt('sh')).toBeUndefined();
        await store.shareReplies.record(reply('9.1', T0 + 2));
        await store.shareReplies.record(reply('9.2', T0 + 1));
        expect(await store.shareReplies.forShare('sh')).toEqual([reply('9.1', T0 + 2), reply('9.2', T0 + 1)]);
        expect(await store.shareReplies.count('sh')).toBe(2);
        expect(await store.shareReplies.lastReceivedAt('sh')).toBe(T0 + 2);
        expect(await store.shareReplies.lastReceivedAt('other')).toBeUndefined();
        expect(await store.shareReplies.forShare('other')).toEqual([]);
        expect(await store.shareReplies.count('other')).toBe(0);
      });

      it('study access: the first request per session, study and series is first; repeats count', async () => {
        const access = (sessionKey: string, series: string, now: number) =>
          store.studyAccess.record({ sessionKey, study: '1.2', series, shareId: 'sh', ip: '::1', now });
        expect(await access('k1', '', T0)).toBe(true);
        expect(await access('k1', '', T0 + 5)).toBe(false);
        expect(await access('k1', '1.2.1', T0 + 6)).toBe(true);
        expect(await access('k2', '', T0 + 7)).toBe(true);
        await store.studyAccess.record({
          sessionKey: 'staff',
          study: '9',
          series: '',
          userId: 'u',
          ip: '::1',
          now: T0,
        });
        expect(await store.studyAccess.forShare('sh')).toEqual([
          {
            sessionKey: 'k1',
            study: '1.2',
            series: '',
            shareId: 'sh',
            userId: undefined,
            ip: '::1',
            firstAt: T0,
            lastAt: T0 + 5,
            requests: 2,
          },
          expect.objectContaining({ sessionKey: 'k1', series: '1.2.1', requests: 1 }),
          expect.objectContaining({ sessionKey: 'k2', series: '', requests: 1 }),
        ]);
      });
    });

    describe('audit log', () => {
      it('appends chained rows in id order; reads them all, by share, by page and the last of a type', async () => {
        expect(await store.auditLog.highestIssuedId()).toBe(0);
        await store.auditLog.append(chained('a', 'sh', T0));
        await store.auditLog.append(chained('share.opened', 'sh', T0 + 1));
        await store.auditLog.append(chained('b', null, T0 + 2));
        await store.auditLog.append(chained('share.opened', 'sh', T0 + 3));
        const rows = await auditRows(store.auditLog);
        expect(rows.map((r) => [r.id, r.type, r.prev_hash])).toEqual([
          [1, 'a', 'genesis'],
          [2, 'share.opened', 'hash-1'],
          [3, 'b', 'hash-2'],
          [4, 'share.opened', 'hash-3'],
        ]);
        expect(await store.auditLog.highestIssuedId()).toBe(4);
        expect((await store.auditLog.forShare('sh')).map((r) => r.id)).toEqual([1, 2, 4]);
        expect(await store.auditLog.lastForShare('sh', 'share.opened')).toBe(T0 + 3);
        expect(await store.auditLog.lastForShare('sh', 'nothing')).toBeUndefined();
        expect((await store.auditLog.page(1, 2)).map((r) => r.id)).toEqual([2, 3]);
        expect(await store.auditLog.page(4, 10)).toEqual([]);
      });

      it('streams more rows than one page, in order', async () => {
        for (let i = 0; i < 1203; i++) await store.auditLog.append(chained(`t${i}`));
        const rows = await auditRows(store.auditLog);
        expect(rows).toHaveLength(1203);
        expect(rows.every((row, i) => row.id === i + 1)).toBe(true);
      });

      it('parallel appends still make one unbroken chain', async () => {
        await Promise.all(Array.from({ length: 20 }, (_, i) => store.auditLog.append(chained(`p${i}`))));
        const rows = await auditRows(store.auditLog);
        expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
        expect(rows.every((row, i) => row.prev_hash === (i === 0 ? 'genesis' : `hash-${i}`))).toBe(true);
      });
    });

    describe('transactions', () => {
      it('commits what the work did and passes on its result', async () => {
        const result = await store.transaction(async (tx) => {
          const user = await addUser(tx, 'committed');
          await tx.auditLog.append(chained('user.created'));
          return user.id;
        });
        expect(await store.users.findById(result)).toMatchObject({ username: 'committed' });
        expect(await store.auditLog.highestIssuedId()).toBe(1);
      });

      it('rolls everything back when the work throws, and passes the error on', async () => {
        const failure = new Error('audit write failed');
        await expect(
          store.transaction(async (tx) => {
            await addUser(tx, 'ghost');
            await tick();
            await tx.auditLog.append(chained('user.created'));
            throw failure;
          }),
        ).rejects.toBe(failure);
        expect(await store.users.findByUsername('ghost')).toBeUndefined();
        expect(await auditRows(store.auditLog)).toEqual([]);
        // The store is usable afterwards.
        await addUser(store, 'after');
        expect(await store.users.count()).toBe(1);
      });

      it('two concurrent transactions do not interleave: a read-then-write stays consistent', async () => {
        const order: string[] = [];
        const readThenAppend = (name: string) =>
          store.transaction(async (tx) => {
            order.push(`${name} begins`);
            const before = await tx.auditLog.highestIssuedId();
            await tick();
            await tx.auditLog.append(chained(`${name}:${before}`));
            order.push(`${name} ends`);
          });
        await Promise.all([readThenAppend('first'), readThenAppend('second')]);
        expect(order).toEqual(['first begins', 'first ends', 'second begins', 'second ends']);
        expect((await auditRows(store.auditLog)).map((r) => r.type)).toEqual(['first:0', 'second:1']);
      });

      it('others neither see uncommitted writes nor slip their own into an open transaction', async () => {
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        const tx = store.transaction(async (t) => {
          await addUser(t, 'inside');
          await held;
          throw new Error('rolled back');
        });
        await tick();
        // Issued while the transaction is open: must not run inside it (it would be rolled back with it).
        const outsideWrite = addUser(store, 'outside');
        const outsideRead = store.users.findByUsername('inside');
        await tick();
        release();
        await expect(tx).rejects.toThrow('rolled back');
        expect(await outsideRead).toBeUndefined();
        await outsideWrite;
        expect(await store.users.findByUsername('outside')).toBeDefined();
        expect(await store.users.findByUsername('inside')).toBeUndefined();
      });

      it("a transaction's store cannot be used after it ended", async () => {
        let leaked: StoreData | undefined;
        await store.transaction(async (tx) => {
          leaked = tx;
        });
        await expect(leaked!.users.count()).rejects.toThrow();
        expect(await store.users.count()).toBe(0);
      });
    });
  });
}
