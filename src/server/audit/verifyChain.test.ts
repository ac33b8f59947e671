import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLogStore, type AuditRow } from '../store/auditLog';
import { runNow } from '../store/connection';
import { openDatabase, type Db } from '../store/database';
import { createAuditTrail } from './auditTrail';
import { verifyChain } from './verifyChain';

/** Tampering with any single record of the trail is found, and the record named. */
const COUNT = 8;
let dir: string;
let db: Db;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'secondread-chain-'));
  db = openDatabase(dir);
  let t = Date.UTC(2025, 0, 1);
  const trail = createAuditTrail(auditLogStore(db, runNow), () => (t += 1000));
  for (let i = 0; i < COUNT; i++) {
    await trail.record({
      type: i % 2 ? 'login.failed' : 'share.opened',
      outcome: i % 2 ? 'failure' : 'success',
      actor: { kind: 'anonymous' },
      ip: `10.0.0.${i}`,
      studies: ['1.2.3'],
      detail: { n: i },
    });
  }
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const verify = () => verifyChain(auditLogStore(db, runNow));
const rows = () => db.prepare<[], AuditRow>('SELECT * FROM audit ORDER BY id').all();

/** Tampers inside a transaction that is rolled back, as an attacker with write access would (triggers dropped first). */
async function tampered(change: () => void) {
  db.exec('BEGIN; DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
  try {
    change();
    return await verify();
  } finally {
    db.exec('ROLLBACK');
  }
}

const ids = Array.from({ length: COUNT }, (_, i) => i + 1);

describe('verifyChain', () => {
  it('accepts the untouched chain and counts it', async () => {
    expect(await verify()).toEqual({ ok: true, count: COUNT });
    expect(rows()[0]!.prev_hash).toBe('0'.repeat(64));
    expect(rows()[1]!.prev_hash).toBe(rows()[0]!.hash);
  });

  it('the table refuses updates and deletes while its triggers stand', () => {
    expect(() => db.prepare("UPDATE audit SET ip = '1.1.1.1' WHERE id = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit WHERE id = 1').run()).toThrow(/append-only/);
  });

  it.each(ids)('names record %i when one of its columns is altered', async (id) => {
    for (const column of ['ip', 'detail', 'at', 'type']) {
      const value = column === 'at' ? 0 : column === 'detail' ? '{"n":99}' : 'x';
      const verdict = await tampered(() => db.prepare(`UPDATE audit SET ${column} = ? WHERE id = ?`).run(value, id));
      expect(verdict, column).toMatchObject({ ok: false, brokenId: id });
    }
  });

  it.each(ids)('names record %i when it is deleted', async (id) => {
    expect(await tampered(() => db.prepare('DELETE FROM audit WHERE id = ?').run(id))).toMatchObject({
      ok: false,
      brokenId: id,
    });
  });

  it.each(ids.slice(0, -1))('names record %i when it is swapped with the next one', async (id) => {
    const verdict = await tampered(() => {
      const [a, b] = [rows()[id - 1]!, rows()[id]!];
      const update = db.prepare(
        'UPDATE audit SET at=@at, type=@type, outcome=@outcome, actor_kind=@actor_kind, actor_id=@actor_id, actor_name=@actor_name, ip=@ip, share_id=@share_id, studies=@studies, detail=@detail, prev_hash=@prev_hash, hash=@hash WHERE id=@target',
      );
      update.run({ ...b, target: a.id });
      update.run({ ...a, target: b.id });
    });
    expect(verdict).toMatchObject({ ok: false, brokenId: id });
  });

  it.each(ids.slice(0, -1))('names record %i when it is reordered by id', async (id) => {
    const verdict = await tampered(() => {
      db.prepare('UPDATE audit SET id = -1 WHERE id = ?').run(id);
      db.prepare('UPDATE audit SET id = ? WHERE id = ?').run(id, id + 1);
      db.prepare('UPDATE audit SET id = ? WHERE id = -1').run(id + 1);
    });
    expect(verdict).toMatchObject({ ok: false, brokenId: id });
  });

  it('names the first record of a cut-off end', async () => {
    expect(await tampered(() => db.prepare('DELETE FROM audit WHERE id >= 6').run())).toMatchObject({
      ok: false,
      brokenId: 6,
    });
  });
});
