import type { LoginFailureStore } from '../store/loginFailures';

/**
 * Failed-login limits: 5 per username and 20 per IP address within 15 minutes. Past either,
 * login answers 429 without checking the password, until the oldest counted failure ages out.
 */
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
const LIMITS = { user: 5, ip: 20 } as const;

const keysFor = (username: string, ip: string) => ({ user: `user:${username.toLowerCase()}`, ip: `ip:${ip}` });

/** Milliseconds until a login for this username from this address may be tried, or 0. */
export function loginRetryDelay(failures: LoginFailureStore, username: string, ip: string, now: number): number {
  const keys = keysFor(username, ip);
  let delay = 0;
  for (const kind of ['user', 'ip'] as const) {
    const times = failures.since(keys[kind], now - LOGIN_WINDOW_MS);
    if (times.length >= LIMITS[kind]) {
      const oldestCounted = times[times.length - LIMITS[kind]]!;
      delay = Math.max(delay, oldestCounted + LOGIN_WINDOW_MS - now);
    }
  }
  return delay;
}

export function recordLoginFailure(failures: LoginFailureStore, username: string, ip: string, now: number) {
  const keys = keysFor(username, ip);
  failures.prune(now - LOGIN_WINDOW_MS);
  failures.record([keys.user, keys.ip], now);
}

/** A successful login clears the username's count (not the address's: one host may try many names). */
export function clearLoginFailures(failures: LoginFailureStore, username: string) {
  failures.clear(keysFor(username, '').user);
}
