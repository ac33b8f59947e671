import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { describeStoreContract } from '../../../test/support/storeContract';
import { describeUploadStoreContract } from '../../../test/support/uploadStoreContract';
import { openDatabase, STORE_FILE } from './database';
import { MIGRATIONS } from './migrations';
import { openSqliteStore } from './sqliteStore';

const newDir = () => mkdtempSync(path.join(os.tmpdir(), 'secondread-store-'));

describeStoreContract('SQLite', async () => {
  const dir = newDir();
  return { open: () => openSqliteStore(dir), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
});

describeUploadStoreContract('SQLite', async () => {
  const dir = newDir();
  return { open: () => openSqliteStore(dir), dispose: async () => rmSync(dir, { recursive: true, force: true }) };
});

/** What only SQLite has: PRAGMA user_version and files written by older gateways. */
describe('SQLite migrations', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('records the version in user_version and brings an older file up to date, keeping its rows', async () => {
    const dir = newDir();
    dirs.push(dir);
    const old = new Database(path.join(dir, STORE_FILE));
    old.exec(MIGRATIONS[0]!);
    old.pragma('user_version = 1');
    old.prepare("INSERT INTO users VALUES ('u1', 'old', 'Old', 'admin', 'h', 1)").run();
    old.close();
    const store = await openSqliteStore(dir);
    try {
      expect(await store.schemaVersion()).toBe(MIGRATIONS.length);
      expect(await store.users.findById('u1')).toMatchObject({ username: 'old' });
    } finally {
      await store.close();
    }
    const db = openDatabase(dir, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('refuses a file from a newer gateway', () => {
    const dir = newDir();
    dirs.push(dir);
    const newer = new Database(path.join(dir, STORE_FILE));
    newer.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    newer.close();
    expect(() => openDatabase(dir)).toThrow(/newer than this gateway/);
  });

  it('a transaction calling the outer store fails instead of waiting for itself', async () => {
    const dir = newDir();
    dirs.push(dir);
    const store = await openSqliteStore(dir);
    try {
      await expect(store.transaction(() => store.users.count())).rejects.toThrow(/outer store/);
      await expect(store.transaction(() => store.transaction(async () => 1))).rejects.toThrow(/do not nest/);
      expect(await store.users.count()).toBe(0);
    } finally {
      await store.close();
    }
  });
});
