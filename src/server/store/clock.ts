/**
 * Milliseconds since the epoch. Injected into the store, auth and sharing so expiry, idle
 * timeouts and lockouts are tested by moving a clock instead of sleeping.
 */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();
