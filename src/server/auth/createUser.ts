import type { AuditActor } from '../audit/auditEvent';
import type { AuditTrail } from '../audit/auditTrail';
import { hashSecret } from '../security/passwords';
import type { Store } from '../store/store';
import type { Role, User } from '../store/users';
import { PASSWORD_MIN_LENGTH, USERNAME_PATTERN } from './authSchemas';

/** What is wrong with a new account's name or password, or undefined when both are fine. */
export function newAccountProblem(username: string, password: string): string | undefined {
  if (!new RegExp(USERNAME_PATTERN).test(username)) {
    return 'The username must be 2 to 64 letters, digits or . _ @ -';
  }
  if (password.length < PASSWORD_MIN_LENGTH) return `The password must have at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > 1024) return 'The password is too long';
  return undefined;
}

export class AccountError extends Error {
  override name = 'AccountError';
}

/** Creates a staff account (setup page, ADMIN_* settings, user:add) and audits it. */
export async function createUser(
  store: Store,
  audit: AuditTrail,
  now: number,
  input: { username: string; displayName?: string; role: Role; password: string; actor: AuditActor; ip?: string },
): Promise<User> {
  const problem = newAccountProblem(input.username, input.password);
  if (problem !== undefined) throw new AccountError(problem);
  const passwordHash = await hashSecret(input.password);
  // One transaction (after the slow hash, which must not hold it): no account without its record.
  return store.transaction(async (tx) => {
    const user = await tx.users.create({
      username: input.username,
      displayName: input.displayName?.trim() || input.username,
      role: input.role,
      passwordHash,
      now,
    });
    await audit.record(
      {
        type: 'user.created',
        outcome: 'success',
        actor: input.actor,
        ip: input.ip,
        detail: { username: user.username, role: user.role },
      },
      tx,
    );
    return user;
  });
}
