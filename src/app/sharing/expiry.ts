/** How long a new link lasts, or how far "Extend" moves its end: presets, or a chosen date and time. */
export const EXPIRY_PRESETS = [
  { id: '1h', label: '1 hour', seconds: 3_600 },
  { id: '24h', label: '24 hours', seconds: 86_400 },
  { id: '7d', label: '7 days', seconds: 604_800 },
  { id: '30d', label: '30 days', seconds: 2_592_000 },
] as const;

export type ExpiryPreset = (typeof EXPIRY_PRESETS)[number]['id'];
export const DEFAULT_EXPIRY: ExpiryPreset = '7d';

export type ExpiryChoice = { preset: ExpiryPreset } | { custom: string };

/** The server refuses anything shorter (docs/api.md: expiresInSeconds ≥ 60). */
const MIN_SECONDS = 60;

type ExpiryResult = { ok: true; seconds: number } | { ok: false; message: string };

/**
 * Seconds from `now` until the chosen end. A custom value is an `<input type="datetime-local">`
 * value (YYYY-MM-DDTHH:mm, the reader's local time); the server caps the longest.
 */
export function expirySeconds(choice: ExpiryChoice, now: number): ExpiryResult {
  if ('preset' in choice) {
    const preset = EXPIRY_PRESETS.find((p) => p.id === choice.preset);
    return preset ? { ok: true, seconds: preset.seconds } : { ok: false, message: 'Pick how long the link lasts.' };
  }
  const end = parseLocalDateTime(choice.custom);
  if (end === undefined) return { ok: false, message: 'Pick the date and time the link should stop working.' };
  const seconds = Math.round((end - now) / 1000);
  if (seconds < MIN_SECONDS) return { ok: false, message: 'Pick a time at least a minute from now.' };
  return { ok: true, seconds };
}

/** Epoch ms of a datetime-local value in the browser's time zone, or undefined. */
export function parseLocalDateTime(value: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match
    .slice(1)
    .map((part: string | undefined) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const date = new Date(year, month - 1, day, hour, minute, second);
  // Reject rollovers such as 31 February.
  if (date.getMonth() !== month - 1 || date.getDate() !== day) return undefined;
  return date.getTime();
}

/** A datetime-local value for epoch ms (minutes precision, local time). */
export function toLocalDateTime(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** "30 days", "12 hours", "45 minutes": a server limit given in seconds, for an error message. */
export function describeDuration(seconds: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (seconds % 86_400 === 0) return unit(seconds / 86_400, 'day');
  if (seconds % 3_600 === 0) return unit(seconds / 3_600, 'hour');
  return unit(Math.round(seconds / 60), 'minute');
}
