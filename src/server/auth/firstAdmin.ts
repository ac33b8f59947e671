import type { AuditTrail } from '../audit/auditTrail';
import { randomToken, sha256Hex } from '../security/tokens';
import type { Clock } from '../store/clock';
import type { Store } from '../store/store';
import { UsernameTakenError } from '../store/users';
import { createUser } from './createUser';

/** How long the printed setup URL works. Each start without users prints a new one. */
export const SETUP_TOKEN_TTL_MS = 60 * 60 * 1000;

type FirstAdminOutcome =
  | { kind: 'users-exist' }
  | { kind: 'created-from-settings'; username: string }
  | { kind: 'setup-url'; path: string; expiresAt: number };

/**
 * At start, when no account exists: create the first admin from ADMIN_USERNAME/ADMIN_PASSWORD,
 * or issue a one-time setup token (only its hash is stored) for the operator to open. There is
 * never a default password.
 */
export async function ensureFirstAdmin(
  store: Store,
  audit: AuditTrail,
  clock: Clock,
  admin: { username: string | undefined; password: string | undefined },
): Promise<FirstAdminOutcome> {
  if ((await store.users.count()) > 0) return { kind: 'users-exist' };
  if (admin.username !== undefined && admin.password !== undefined) {
    try {
      await createUser(store, audit, clock(), {
        username: admin.username,
        password: admin.password,
        role: 'admin',
        actor: { kind: 'system', name: 'ADMIN_USERNAME setting' },
      });
    } catch (error) {
      // Another gateway instance created it first.
      if (!(error instanceof UsernameTakenError)) throw error;
    }
    return { kind: 'created-from-settings', username: admin.username };
  }
  const token = randomToken(32);
  const now = clock();
  const expiresAt = now + SETUP_TOKEN_TTL_MS;
  await store.setupTokens.issue(sha256Hex(token), now, expiresAt);
  return { kind: 'setup-url', path: `/setup/${token}`, expiresAt };
}
