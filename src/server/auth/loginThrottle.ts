import type { LoginFailureStore } from '../store/loginFailures';
import { networkOf } from './networkOf';

/**
 * Failed logins slow down where they come from, never the account, so guessing can lock nobody
 * out (issue 9):
 * - per username and address: 5 failures free, then each further attempt waits 1 s after the
 *   latest failure, doubling up to 15 minutes;
 * - per address whatever the usernames (password spraying): 20 free, then the same.
 * Failures are forgotten an hour after they happen. A refused attempt checks no password.
 *
 * There is deliberately no per-account limit across addresses: any such limit lets whoever
 * knows a username slow its owner down. Guessing from many addresses is met instead by the
 * 12-character password minimum, scrypt, and the audit trail's login.failed records.
 */
const LOGIN_FAILURE_MEMORY_MS = 60 * 60 * 1000;
const FREE_FAILURES = { usernameAtAddress: 5, address: 20 } as const;
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 15 * 60 * 1000;

type ThrottleScope = keyof typeof FREE_FAILURES;

/** The attempt's pending failure rows, and the key a success clears. */
interface LoginReservation {
  ids: number[];
  usernameAtAddressKey: string;
}

type LoginAttempt =
  { allowed: true; reservation: LoginReservation } | { allowed: false; retryAfterMs: number; scope: ThrottleScope };

/** How long after the latest of `failures` failures the next attempt must wait. */
export function delayAfter(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failures - free));
}

const SCOPES = ['usernameAtAddress', 'address'] as const;

function keysFor(username: string, ip: string): Record<ThrottleScope, string> {
  const network = networkOf(ip);
  return { usernameAtAddress: `username-at:${network} ${username.toLowerCase()}`, address: `address:${network}` };
}

/**
 * Called before the password is checked: it either reserves the attempt, which counts as a
 * failure until `loginSucceeded`, or says how long to wait. The check and the reservation are one
 * atomic store step (LoginFailureStore.reserve), so parallel guesses see each other.
 */
export async function reserveLoginAttempt(
  failures: LoginFailureStore,
  username: string,
  ip: string,
  now: number,
): Promise<LoginAttempt> {
  const keys = keysFor(username, ip);
  let slowest: { waitMs: number; scope: ThrottleScope } = { waitMs: 0, scope: 'address' };
  const outcome = await failures.reserve(
    SCOPES.map((scope) => keys[scope]),
    now - LOGIN_FAILURE_MEMORY_MS,
    now,
    (histories) => {
      histories.forEach(({ count, latest }, i) => {
        const scope = SCOPES[i]!;
        const delay = delayAfter(count, FREE_FAILURES[scope]);
        const waitMs = delay === 0 || latest === undefined ? 0 : latest + delay - now;
        if (waitMs > slowest.waitMs) slowest = { waitMs, scope };
      });
      return slowest.waitMs;
    },
  );
  if (!outcome.reserved) return { allowed: false, retryAfterMs: outcome.waitMs, scope: slowest.scope };
  return { allowed: true, reservation: { ids: outcome.ids, usernameAtAddressKey: keys.usernameAtAddress } };
}

/**
 * The password was right: the attempt was no failure, and the username's failures from this
 * address are forgiven. The address's other failures stay, since one host may try many names.
 */
export async function loginSucceeded(failures: LoginFailureStore, reservation: LoginReservation): Promise<void> {
  await failures.withdraw(reservation.ids);
  await failures.clear(reservation.usernameAtAddressKey);
}
