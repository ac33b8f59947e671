import type { Clock } from '../store/clock';
import type { AuditDetailValue, AuditEvent } from './auditEvent';
import type { AuditTrail } from './auditTrail';

/** Counts are kept per minute: the unit "per IP per minute" in the audit records. */
export const TALLY_WINDOW_MS = 60_000;
/** Distinct keys one minute may hold; past it, new keys fold into one overflow count per type. */
const MAX_KEYS_PER_WINDOW = 10_000;
/** Study UIDs and paths a summary lists at most. */
const MAX_LISTED = 20;

/**
 * Refusals and probes, counted so that a client cannot grow the audit trail one record per
 * request. Keys name who and what (principal or address, code); each minute has its own counts.
 *
 * The counts live in this process's memory for at most a minute and are written when the minute
 * ends (or the gateway closes). That is no per-user state another gateway instance would need
 * (docs/design.md "Scale"): each instance writes its own summaries into the one shared trail.
 *
 * Counting happens at the call, before anything is awaited, so parallel requests count each
 * other; the returned promise settles once the records the call had to write are written.
 */
export interface AuditTally {
  /**
   * A refusal of someone we can name: the first for `key` in a minute is recorded at once
   * (docs/design.md "Audit": denials at once); repeats only count, and the minute's end writes one
   * record with `repeats`, the time span, and the studies and (redacted) paths they asked for.
   */
  refusal(key: string, event: AuditEvent, path: string): Promise<void>;
  /**
   * A credential nobody issued (made-up cookie, unknown link token): only counted; the minute's
   * end writes one record with `count`, the time span and a few (redacted) paths.
   */
  probe(key: string, event: AuditEvent, path: string): Promise<void>;
  /** Writes the summaries of minutes that have ended. */
  flushEnded(): Promise<void>;
  /** Writes every summary, the current minute's too (on close). */
  flushAll(): Promise<void>;
}

interface Count {
  mode: 'refusal' | 'probe';
  event: AuditEvent;
  count: number;
  firstAt: number;
  lastAt: number;
  studies: Set<string>;
  paths: Set<string>;
}

const iso = (ms: number) => new Date(ms).toISOString();
const addCapped = (set: Set<string>, values: readonly string[]) => {
  for (const value of values) if (set.size < MAX_LISTED) set.add(value);
};

export function createAuditTally(trail: AuditTrail, clock: Clock): AuditTally {
  const windows = new Map<number, Map<string, Count>>();

  const summary = (c: Count): AuditEvent | undefined => {
    const span: Record<string, AuditDetailValue> = { firstAt: iso(c.firstAt), lastAt: iso(c.lastAt) };
    if (c.mode === 'probe') {
      return { ...c.event, detail: { ...c.event.detail, count: c.count, ...span, paths: [...c.paths] } };
    }
    if (c.count < 2) return undefined;
    return {
      ...c.event,
      studies: [...c.studies],
      detail: { ...c.event.detail, repeats: c.count - 1, ...span, paths: [...c.paths] },
    };
  };

  const write = async (window: Map<string, Count>) => {
    for (const c of window.values()) {
      const event = summary(c);
      if (event !== undefined) await trail.record(event);
    }
  };

  /** Takes the ended windows out at once (so no other call writes them too), then writes them. */
  const flushBefore = async (current: number) => {
    const ended: Map<string, Count>[] = [];
    for (const [index, window] of windows) {
      if (index >= current) continue;
      windows.delete(index);
      ended.push(window);
    }
    for (const window of ended) await write(window);
  };

  const count = async (mode: Count['mode'], key: string, event: AuditEvent, path: string) => {
    const now = clock();
    const index = Math.floor(now / TALLY_WINDOW_MS);
    const flushed = flushBefore(index);
    let window = windows.get(index);
    if (window === undefined) windows.set(index, (window = new Map<string, Count>()));
    let entry = window.get(key);
    if (entry === undefined && window.size >= MAX_KEYS_PER_WINDOW) {
      // Many addresses or sessions at once: one count for all of them, so memory stays bounded.
      key = `overflow|${event.type}`;
      entry = window.get(key);
      mode = 'probe';
      event = { type: event.type, outcome: 'failure', actor: { kind: 'anonymous' }, detail: { overflow: true } };
    }
    let recorded: Promise<unknown> | undefined;
    if (entry === undefined) {
      entry = { mode, event, count: 0, firstAt: now, lastAt: now, studies: new Set(), paths: new Set() };
      window.set(key, entry);
      if (mode === 'refusal') recorded = trail.record(event);
    }
    entry.count++;
    entry.lastAt = now;
    addCapped(entry.studies, event.studies ?? []);
    addCapped(entry.paths, [path]);
    await Promise.all([flushed, recorded]);
  };

  return {
    refusal: (key, event, path) => count('refusal', key, event, path),
    probe: (key, event, path) => count('probe', key, event, path),
    flushEnded: () => flushBefore(Math.floor(clock() / TALLY_WINDOW_MS)),
    flushAll: () => flushBefore(Number.POSITIVE_INFINITY),
  };
}
