import { describe, expect, it } from 'vitest';
import { testClock } from '../../../test/support/sharing/harness';
import type { AuditEvent } from './auditEvent';
import { createAuditTally, TALLY_WINDOW_MS } from './auditTally';
import type { AuditTrail } from './auditTrail';

/** The per-minute counting behind refusal and probe records, against an in-memory trail. */
function setup() {
  const clock = testClock(10 * TALLY_WINDOW_MS);
  const written: AuditEvent[] = [];
  const trail = {
    record: async (event: AuditEvent) => void written.push(event),
  } as unknown as AuditTrail;
  return { clock, written, tally: createAuditTally(trail, clock.now) };
}
const probe: AuditEvent = {
  type: 'credential.unknown',
  outcome: 'failure',
  actor: { kind: 'anonymous' },
  ip: '192.0.2.1',
  detail: { credential: 'share-link' },
};
const denial = (study: string): AuditEvent => ({
  type: 'request.denied',
  outcome: 'failure',
  actor: { kind: 'share', id: 's/1', name: 'recipient' },
  studies: [study],
  detail: { code: 'OUT_OF_SCOPE' },
});

describe('the audit tally', () => {
  it('writes a probe only when its minute ends, with the count and the span', async () => {
    const { clock, written, tally } = setup();
    for (let i = 0; i < 5; i++) {
      await tally.probe('k', probe, '/s/[redacted]');
      clock.advance(1000);
    }
    await tally.flushEnded();
    expect(written).toEqual([]);
    clock.advance(TALLY_WINDOW_MS);
    await tally.flushEnded();
    expect(written).toHaveLength(1);
    expect(written[0]!.detail).toMatchObject({ credential: 'share-link', count: 5, paths: ['/s/[redacted]'] });
    expect(written[0]!.detail!.firstAt).toBe(new Date(10 * TALLY_WINDOW_MS).toISOString());
    await tally.flushAll();
    expect(written).toHaveLength(1);
  });

  it('writes the first refusal at once and the repeats as one record with the studies asked for', async () => {
    const { clock, written, tally } = setup();
    for (let i = 0; i < 4; i++) await tally.refusal('k', denial(`1.2.${i}`), `/dicomweb/studies/1.2.${i}`);
    expect(written.map((e) => e.studies)).toEqual([['1.2.0']]);
    clock.advance(TALLY_WINDOW_MS);
    await tally.refusal('k', denial('1.2.9'), '/x');
    expect(written).toHaveLength(3);
    expect(written[1]!.detail).toMatchObject({ code: 'OUT_OF_SCOPE', repeats: 3 });
    expect(written[1]!.studies).toEqual(['1.2.0', '1.2.1', '1.2.2', '1.2.3']);
    expect(written[2]!.studies).toEqual(['1.2.9']);
  });

  it('counts parallel refusals at the call, so only the first is written at once', async () => {
    const { written, tally } = setup();
    await Promise.all([1, 2, 3].map((i) => tally.refusal('k', denial(`1.2.${i}`), '/p')));
    expect(written.map((e) => e.studies)).toEqual([['1.2.1']]);
    await tally.flushAll();
    expect(written[1]!.detail).toMatchObject({ repeats: 2 });
  });

  it('a single refusal in a minute leaves no summary; flushAll writes the current minute too', async () => {
    const { written, tally } = setup();
    await tally.refusal('a', denial('1.2.3'), '/a');
    await tally.probe('b', probe, '/b');
    await tally.flushAll();
    expect(written.map((e) => [e.type, e.detail?.count ?? null])).toEqual([
      ['request.denied', null],
      ['credential.unknown', 1],
    ]);
  });

  it('keeps memory bounded: past 10,000 keys a minute, new keys fold into one overflow count', async () => {
    const { written, tally } = setup();
    for (let i = 0; i < 10_050; i++) await tally.probe(`ip-${i}`, { ...probe, ip: `ip-${i}` }, '/s/[redacted]');
    await tally.flushAll();
    expect(written).toHaveLength(10_001);
    expect(written.at(-1)!.detail).toMatchObject({ overflow: true, count: 50 });
  });
});
