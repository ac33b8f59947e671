import { describe, expect, it } from 'vitest';
import type { ShareDetail as ShareDetailJson, ShareSummary as ShareSummaryJson } from '../../api/shares';
import { ApiClient } from './apiClient';
import { DecodeError } from './decode';
import { createShare, fetchShareDetail, listShares } from './sharesApi';

const T0 = '2025-03-12T09:00:00.000Z';
const T1 = '2025-03-12T10:00:00.000Z';

const SUMMARY: ShareSummaryJson = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  label: null,
  message: 'Second opinion, please.',
  senderName: 'Dr Gregory House',
  createdBy: 'u1',
  createdAt: T0,
  expiresAt: T1,
  revokedAt: null,
  status: 'active',
  studies: [{ studyInstanceUID: '1.2.3', seriesInstanceUIDs: ['1.2.3.4'] }],
  seriesScoped: true,
  allowDownload: false,
  allowReply: false,
  replyCount: 0,
  lastReplyAt: null,
  passcodeProtected: true,
  maxOpens: null,
  opens: 1,
  lockedUntil: null,
  passcodeBlocked: false,
  passcodeFailures: 0,
  lastOpenedAt: T0,
};

/** A client whose every request gets `body` back as a 200 JSON answer. */
const answering = (body: unknown) =>
  new ApiClient({
    fetch: async () => new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } }),
  });

describe('the share API as the app reads it', () => {
  it('turns ISO times into epoch ms and nulls into undefined', async () => {
    const [share] = await listShares(answering({ shares: [SUMMARY] }), false);
    expect(share).toMatchObject({
      label: undefined,
      message: 'Second opinion, please.',
      createdAt: Date.parse(T0),
      expiresAt: Date.parse(T1),
      revokedAt: undefined,
      maxOpens: undefined,
      lastOpenedAt: Date.parse(T0),
      studies: [{ studyInstanceUID: '1.2.3', seriesInstanceUIDs: ['1.2.3.4'] }],
    });
    expect(await createShare(answering({ id: 'x', url: 'http://h/s/t', expiresAt: T1 }), {} as never)).toEqual({
      id: 'x',
      url: 'http://h/s/t',
      expiresAt: Date.parse(T1),
    });
  });

  it("takes a viewed series and a refusal's code from an event's detail, only where they are text", async () => {
    const event = { time: T0, outcome: 'success', ip: '10.0.0.1', actor: null, studyInstanceUIDs: ['1.2.3'] };
    const detail: ShareDetailJson = {
      share: SUMMARY,
      history: [
        { ...event, event: 'share.created', detail: { series: ['1.2.3.4'], maxOpens: null } },
        { ...event, event: 'study.accessed', detail: { series: '1.2.3.4' } },
        { ...event, event: 'share.denied', outcome: 'failure', detail: { code: 'OUT_OF_SCOPE' } },
      ],
      access: [
        { studyInstanceUID: '1.2.3', seriesInstanceUID: null, firstAt: T0, lastAt: T1, requests: 3, ip: '10.0.0.1' },
      ],
      replies: [
        {
          receivedAt: T1,
          studyInstanceUID: '1.2.3',
          seriesInstanceUID: '1.2.3.9',
          sopInstanceUIDs: ['1.2.3.9.1'],
          sopClassUIDs: ['1.2.840.10008.5.1.4.1.1.88.22'],
        },
      ],
    };
    const read = await fetchShareDetail(answering(detail), SUMMARY.id);
    expect(read.history.map(({ time, event, series, code, actor }) => [time, event, series, code, actor])).toEqual([
      [Date.parse(T0), 'share.created', undefined, undefined, undefined],
      [Date.parse(T0), 'study.accessed', '1.2.3.4', undefined, undefined],
      [Date.parse(T0), 'share.denied', undefined, 'OUT_OF_SCOPE', undefined],
    ]);
    expect(read.access).toEqual([
      {
        studyInstanceUID: '1.2.3',
        seriesInstanceUID: undefined,
        firstAt: Date.parse(T0),
        lastAt: Date.parse(T1),
        requests: 3,
        ip: '10.0.0.1',
      },
    ]);
    expect(read.replies).toEqual([
      {
        receivedAt: Date.parse(T1),
        studyInstanceUID: '1.2.3',
        seriesInstanceUID: '1.2.3.9',
        sopInstanceUIDs: ['1.2.3.9.1'],
        sopClassUIDs: ['1.2.840.10008.5.1.4.1.1.88.22'],
      },
    ]);
  });

  it('reads when the last reply came, and none as undefined', async () => {
    const [replied, silent] = await listShares(
      answering({ shares: [{ ...SUMMARY, replyCount: 2, lastReplyAt: T1 }, SUMMARY] }),
      false,
    );
    expect([replied?.replyCount, replied?.lastReplyAt]).toEqual([2, Date.parse(T1)]);
    expect([silent?.replyCount, silent?.lastReplyAt]).toEqual([0, undefined]);
  });

  it.each([
    [
      'an unknown status',
      { ...SUMMARY, status: 'paused' },
      '"shares/0/status" must be equal to one of the allowed values',
    ],
    [
      'a time that is not one',
      { ...SUMMARY, expiresAt: 'tomorrow' },
      '"shares/0/expiresAt" must match format "date-time"',
    ],
    ['a missing count', { ...SUMMARY, opens: undefined }, '"shares/0" must have required properties opens'],
    ['a number as text', { ...SUMMARY, maxOpens: '5' }, '"shares/0/maxOpens" must be integer'],
  ])('refuses an answer with %s, naming the field', async (_what, summary, problem) => {
    const reading = listShares(answering({ shares: [summary] }), false);
    await expect(reading).rejects.toThrow(DecodeError);
    await expect(reading).rejects.toThrow(`The share list from the server does not fit: ${problem}`);
  });

  it('refuses an answer that is not the object the contract names', async () => {
    await expect(listShares(answering([SUMMARY]), false)).rejects.toThrow(
      'The share list from the server does not fit: the answer must be object',
    );
  });
});
