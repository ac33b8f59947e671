import { randomUUID } from 'node:crypto';
import type { Exec } from './connection';
import type { Db } from './database';

export type Role = 'admin' | 'radiologist';
export const ROLES: readonly Role[] = ['admin', 'radiologist'];

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  createdAt: number;
}

export interface UserWithHash extends User {
  passwordHash: string;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  created_at: number;
}

const toUser = (row: UserRow): UserWithHash => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  role: row.role,
  createdAt: row.created_at,
  passwordHash: row.password_hash,
});

export class UsernameTakenError extends Error {
  constructor(username: string) {
    super(`A user named "${username}" already exists`);
    this.name = 'UsernameTakenError';
  }
}

export interface UserStore {
  count(): Promise<number>;
  /** Rejects with UsernameTakenError when the name (any case) is in use. */
  create(input: {
    username: string;
    displayName: string;
    role: Role;
    passwordHash: string;
    now: number;
  }): Promise<User>;
  findByUsername(username: string): Promise<UserWithHash | undefined>;
  findById(id: string): Promise<UserWithHash | undefined>;
}

export function userStore(db: Db, exec: Exec): UserStore {
  const count = db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM users');
  const insert = db.prepare(
    'INSERT INTO users (id, username, display_name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const byName = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
  const byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  return {
    count: () => exec(() => count.get()!.n),
    create: ({ username, displayName, role, passwordHash, now }) =>
      exec(() => {
        const id = randomUUID();
        try {
          insert.run(id, username, displayName, role, passwordHash, now);
        } catch (error) {
          if (error instanceof Error && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE')
            throw new UsernameTakenError(username);
          throw error;
        }
        return { id, username, displayName, role, createdAt: now };
      }),
    findByUsername: (username) =>
      exec(() => {
        const row = byName.get(username);
        return row && toUser(row);
      }),
    findById: (id) =>
      exec(() => {
        const row = byId.get(id);
        return row && toUser(row);
      }),
  };
}
