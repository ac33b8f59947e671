import { describe, expect, it } from 'vitest';
import { stowOutcome } from './stowOutcome';

const referenced = (extra: object = {}) =>
  JSON.stringify({
    '00081199': { vr: 'SQ', Value: [{ '00081155': { vr: 'UI', Value: ['1.2.3'] }, ...extra }] },
  });
const failedWith = (reason: number, comment?: string) =>
  JSON.stringify({
    '00081198': {
      vr: 'SQ',
      Value: [
        {
          '00081155': { vr: 'UI', Value: ['1.2.3'] },
          '00081197': { vr: 'US', Value: [reason] },
          ...(comment && { '00000902': { vr: 'LO', Value: [comment] } }),
        },
      ],
    },
  });

describe('stowOutcome', () => {
  it('reads a stored instance', () => {
    expect(stowOutcome(200, referenced())).toEqual({ kind: 'stored' });
  });

  it('reads an instance that was already there', () => {
    expect(stowOutcome(200, referenced({ '00000902': { vr: 'LO', Value: ['Already received'] } }))).toEqual({
      kind: 'alreadyThere',
    });
    expect(stowOutcome(409, failedWith(0x0111))).toEqual({ kind: 'alreadyThere' });
  });

  it('gives the server’s reason for a refused instance, and no retry', () => {
    expect(stowOutcome(409, failedWith(0xc000, 'Truncated: the file ends inside the pixel data'))).toEqual({
      kind: 'refused',
      reason: 'Truncated: the file ends inside the pixel data',
      retry: false,
    });
    expect(stowOutcome(409, failedWith(0xa900))).toEqual({
      kind: 'refused',
      reason: 'The server refused it (failure reason 0xA900)',
      retry: false,
    });
  });

  it('passes on the message of a refused link', () => {
    const body = JSON.stringify({ error: 'LINK_REVOKED', message: 'This upload link was revoked' });
    expect(stowOutcome(410, body)).toEqual({ kind: 'refused', reason: 'This upload link was revoked', retry: false });
  });

  it('marks network failures and a busy server for a retry', () => {
    expect(stowOutcome(0, '')).toMatchObject({ kind: 'failed', retry: true });
    expect(stowOutcome(503, '<html>')).toMatchObject({ kind: 'failed', retry: true });
    expect(stowOutcome(429, JSON.stringify({ error: 'BUSY', message: 'Too many requests' }))).toEqual({
      kind: 'failed',
      reason: 'Too many requests',
      retry: true,
    });
    expect(stowOutcome(200, 'not json')).toMatchObject({ kind: 'failed', retry: true });
  });
});
