import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal';
import type { DicomwebRequest, SearchRequest } from '../dicomweb/request';
import type { Share, ShareScope } from '../store/shares';
import type { Role } from '../store/users';
import { authorize } from './authorize';

const A = '1.2.3.1';
const B = '1.2.3.2';
const A1 = '1.2.3.1.1';
const A2 = '1.2.3.1.2';
const B1 = '1.2.3.2.1';
const I = '1.2.3.9.9';

const staff = (role: Role): Principal => ({
  kind: 'staff',
  role,
  user: { id: 'u', username: 'u', displayName: 'U', role, createdAt: 0 },
  session: { idHash: 'h', userId: 'u', csrfToken: 'c', createdAt: 0, lastSeenAt: 0, expiresAt: 1, ip: '::1' },
});

const sharePrincipal = ({
  allowReply = false,
  ...rest
}: Omit<ShareScope, 'allowReply'> & { allowReply?: boolean }): Principal => {
  const scope: ShareScope = { ...rest, allowReply };
  const share: Share = {
    id: 's',
    tokenHash: 't',
    createdBy: 'u',
    senderName: 'U',
    label: undefined,
    message: undefined,
    scope,
    passcodeHash: undefined,
    maxOpens: undefined,
    opens: 1,
    lockedUntil: undefined,
    passcodeFailures: 0,
    passcodeBlockedAt: undefined,
    createdAt: 0,
    expiresAt: 1,
    revokedAt: undefined,
    revokedBy: undefined,
  };
  return { kind: 'share', share, shareSession: { idHash: 'x', shareId: 's', createdAt: 0, expiresAt: 1, ip: '::1' } };
};

/** Study A shared whole (its series A1, A2 as they were when shared). */
const wholeStudy = sharePrincipal({
  studies: [{ study: A, series: [A1, A2] }],
  seriesScoped: false,
  allowDownload: false,
});
/** Only series A1 of study A. */
const oneSeries = sharePrincipal({ studies: [{ study: A, series: [A1] }], seriesScoped: true, allowDownload: false });
const withDownload = sharePrincipal({
  studies: [{ study: A, series: [A1, A2] }],
  seriesScoped: false,
  allowDownload: true,
});
const anonymous: Principal = { kind: 'anonymous' };
const revoked: Principal = {
  kind: 'anonymous',
  rejected: { kind: 'share-session', reason: 'SHARE_REVOKED', shareId: 's' },
};

const search = (level: SearchRequest['level'], extra: Partial<SearchRequest> = {}): SearchRequest => ({
  kind: 'search',
  level,
  filters: [],
  includefield: [],
  offset: 0,
  fuzzymatching: false,
  ...extra,
});

const retrieves: Record<string, DicomwebRequest> = {
  'study instances': { kind: 'instances', study: A },
  'series instances': { kind: 'instances', study: A, series: A1 },
  'one instance': { kind: 'instances', study: A, series: A1, instance: I },
  'study metadata': { kind: 'metadata', study: A },
  'series metadata': { kind: 'metadata', study: A, series: A1 },
  'instance metadata': { kind: 'metadata', study: A, series: A1, instance: I },
  frames: { kind: 'frames', study: A, series: A1, instance: I, frames: [1] },
  bulkdata: { kind: 'bulkdata', study: A, series: A1, instance: I, attribute: ['7FE00010'] },
  'study thumbnail': { kind: 'thumbnail', study: A, options: {} },
  'series rendered': { kind: 'rendered', study: A, series: A1, options: {} },
  'frame thumbnail': { kind: 'thumbnail', study: A, series: A1, instance: I, frames: [1], options: {} },
};
const every: Record<string, DicomwebRequest> = {
  ...retrieves,
  'study search': search('studies'),
  'series search': search('series', { study: A }),
  'instance search': search('instances', { study: A, series: A1 }),
  store: { kind: 'store' },
  'store into a study': { kind: 'store', study: A },
};

const effect = (principal: Principal, request: DicomwebRequest) => authorize(principal, request).effect;
const code = (principal: Principal, request: DicomwebRequest) => {
  const decision = authorize(principal, request);
  return decision.effect === 'deny' ? `${decision.status} ${decision.code}` : decision.effect;
};

describe('anonymous principals', () => {
  it.each(Object.entries(every))('are refused %s with 401', (_name, request) => {
    expect(code(anonymous, request)).toBe('401 UNAUTHENTICATED');
  });
  it('are told why a presented credential failed', () => {
    expect(code(revoked, retrieves.frames!)).toBe('401 SHARE_REVOKED');
    expect(
      code({ kind: 'anonymous', rejected: { kind: 'staff-session', reason: 'SESSION_EXPIRED' } }, search('studies')),
    ).toBe('401 SESSION_EXPIRED');
  });
});

describe('staff principals', () => {
  it.each(Object.entries(every))('admins may do %s', (_name, request) => {
    expect(effect(staff('admin'), request)).toBe('allow');
  });
  // A radiologist's STOW-RS is let through here; its body is screened (sharing/reportSave.ts, replies.test.ts).
  it.each(Object.entries(every))('radiologists may do %s', (_name, request) => {
    expect(effect(staff('radiologist'), request)).toBe('allow');
  });
});

describe('share principals: retrieves', () => {
  const readKinds = Object.entries(retrieves).filter(([, r]) => r.kind !== 'instances');
  it.each(readKinds)('whole-study share allows %s inside the study', (_name, request) => {
    expect(effect(wholeStudy, request)).toBe('allow');
  });
  it.each(readKinds)('whole-study share refuses %s of another study', (_name, request) => {
    expect(
      code(wholeStudy, {
        ...request,
        study: B,
        ...('series' in request && request.series ? { series: B1 } : {}),
      }),
    ).toBe('403 OUT_OF_SCOPE');
  });
  it.each(readKinds.filter(([, r]) => 'series' in r && r.series !== undefined))(
    'refuses %s of a series that is not in the shared study',
    (_name, request) => {
      expect(code(wholeStudy, { ...request, series: B1 } as DicomwebRequest)).toBe('403 OUT_OF_SCOPE');
    },
  );
  it.each(readKinds.filter(([, r]) => 'series' in r && r.series !== undefined))(
    'series share allows %s in the shared series',
    (_name, request) => {
      expect(effect(oneSeries, request)).toBe('allow');
    },
  );
  it.each(readKinds.filter(([, r]) => 'series' in r && r.series !== undefined))(
    'series share refuses %s in a sibling series',
    (_name, request) => {
      expect(code(oneSeries, { ...request, series: A2 } as DicomwebRequest)).toBe('403 OUT_OF_SCOPE');
    },
  );
  it('series share refuses study-level metadata, which would list the other series', () => {
    expect(code(oneSeries, retrieves['study metadata']!)).toBe('403 OUT_OF_SCOPE');
  });
  it('series share narrows study-level pictures to the shared series', () => {
    expect(authorize(oneSeries, retrieves['study thumbnail']!)).toEqual({
      effect: 'allow-narrowed',
      request: { ...retrieves['study thumbnail']!, onlySeries: [A1] },
    });
    expect(authorize(oneSeries, { kind: 'rendered', study: A, options: {} })).toMatchObject({
      effect: 'allow-narrowed',
      request: { onlySeries: [A1] },
    });
    expect(code(oneSeries, { kind: 'rendered', study: B, options: {} })).toBe('403 OUT_OF_SCOPE');
    expect(effect(wholeStudy, retrieves['study thumbnail']!)).toBe('allow');
  });
  it.each(Object.entries(retrieves).filter(([, r]) => r.kind === 'instances'))(
    'refuses download (%s) unless allowed',
    (_name, request) => {
      expect(code(wholeStudy, request)).toBe('403 DOWNLOAD_NOT_ALLOWED');
      expect(effect(withDownload, request)).toBe('allow');
      expect(code(withDownload, { ...request, study: B })).toBe('403 OUT_OF_SCOPE');
    },
  );
  it('series share with download still refuses a study-level download', () => {
    const p = sharePrincipal({ studies: [{ study: A, series: [A1] }], seriesScoped: true, allowDownload: true });
    expect(code(p, retrieves['study instances']!)).toBe('403 OUT_OF_SCOPE');
    expect(effect(p, retrieves['series instances']!)).toBe('allow');
  });
  it.each([wholeStudy, oneSeries, withDownload])('stores nothing unless the share allows replies', (principal) => {
    expect(code(principal, every.store!)).toBe('403 REPLIES_NOT_ALLOWED');
    expect(code(principal, every['store into a study']!)).toBe('403 REPLIES_NOT_ALLOWED');
  });
  it('a share that allows replies lets STOW-RS through to the body checks, into a shared study only', () => {
    const p = sharePrincipal({
      studies: [{ study: A, series: [A1] }],
      seriesScoped: true,
      allowDownload: false,
      allowReply: true,
    });
    expect(effect(p, every.store!)).toBe('allow');
    expect(effect(p, every['store into a study']!)).toBe('allow');
    expect(code(p, { kind: 'store', study: B })).toBe('403 OUT_OF_SCOPE');
  });
});

describe('share principals: searches', () => {
  const decide = (principal: Principal, request: SearchRequest) => {
    const decision = authorize(principal, request);
    if (decision.effect !== 'allow-with-filter') throw new Error(`expected a filter, got ${JSON.stringify(decision)}`);
    return decision;
  };
  const ds = (study?: string, series?: string, extra: Record<string, unknown> = {}) => ({
    ...(study ? { '0020000D': { vr: 'UI', Value: [study] } } : {}),
    ...(series ? { '0020000E': { vr: 'UI', Value: [series] } } : {}),
    ...extra,
  });
  const keyValue = (request: SearchRequest | null, tag: string) =>
    request?.filters.find((f) => f.path.length === 1 && f.path[0] === tag)?.value;

  it('rewrites an unfiltered study search to the shared studies and filters the answer', () => {
    const d = decide(wholeStudy, search('studies'));
    expect(keyValue(d.search, '0020000D')).toBe(A);
    expect(d.filter(ds(A))).toEqual(ds(A));
    expect(d.filter(ds(B))).toBeUndefined();
    expect(d.filter(ds())).toBeUndefined();
  });
  it('intersects a StudyInstanceUID list with the share, and answers nothing when none is shared', () => {
    expect(
      keyValue(
        decide(wholeStudy, search('studies', { filters: [{ path: ['0020000D'], value: `${B},${A}` }] })).search,
        '0020000D',
      ),
    ).toBe(A);
    expect(decide(wholeStudy, search('studies', { filters: [{ path: ['0020000D'], value: B }] })).search).toBeNull();
  });
  it('keeps other keys (another PatientID only narrows) and a universal UID key asks for the whole scope', () => {
    const d = decide(
      wholeStudy,
      search('studies', {
        filters: [
          { path: ['00100020'], value: 'OTHER' },
          { path: ['0020000D'], value: '*' },
        ],
      }),
    );
    expect(d.search?.filters).toEqual([
      { path: ['00100020'], value: 'OTHER' },
      { path: ['0020000D'], value: A },
    ]);
  });
  it('adds the UIDs to includefield (never widening beyond the shared datasets), and keeps includefield=all', () => {
    expect(decide(wholeStudy, search('studies', { includefield: ['00100010'] })).search?.includefield).toEqual([
      '00100010',
      '0020000D',
      '0020000E',
    ]);
    expect(decide(wholeStudy, search('studies', { includefield: 'all' })).search?.includefield).toBe('all');
  });
  it('strips whole-study counts and modalities for series-scoped shares', () => {
    const d = decide(oneSeries, search('studies'));
    const out = d.filter(
      ds(A, undefined, {
        '00201206': { vr: 'IS', Value: [2] },
        '00080061': { vr: 'CS', Value: ['CT', 'SR'] },
        '00100010': { vr: 'PN' },
      }),
    );
    expect(out).toEqual(ds(A, undefined, { '00100010': { vr: 'PN' } }));
  });
  it('limits series searches to the shared series of the shared studies', () => {
    const inStudy = decide(oneSeries, search('series', { study: A }));
    expect(keyValue(inStudy.search, '0020000E')).toBe(A1);
    expect(inStudy.filter(ds(undefined, A1))).toBeDefined();
    expect(inStudy.filter(ds(A, A2))).toBeUndefined();
    const everywhere = decide(wholeStudy, search('series'));
    expect(keyValue(everywhere.search, '0020000D')).toBe(A);
    expect(keyValue(everywhere.search, '0020000E')).toBe(`${A1}\\${A2}`);
    // Without a study in the path, an answer must say which study it belongs to.
    expect(everywhere.filter(ds(undefined, A1))).toBeUndefined();
    expect(everywhere.filter(ds(B, A1))).toBeUndefined();
    expect(everywhere.filter(ds(A, A2))).toBeDefined();
  });
  it('limits instance searches the same way', () => {
    const d = decide(oneSeries, search('instances'));
    expect(keyValue(d.search, '0020000E')).toBe(A1);
    expect(d.filter(ds(A, A1))).toBeDefined();
    expect(d.filter(ds(A, A2))).toBeUndefined();
    expect(d.filter(ds(A))).toBeUndefined();
    expect(decide(oneSeries, search('instances', { study: A, series: A1 })).search).not.toBeNull();
    expect(decide(oneSeries, search('instances', { filters: [{ path: ['0020000E'], value: A2 }] })).search).toBeNull();
  });
  it('refuses searches whose path names a study or series outside the share', () => {
    expect(code(wholeStudy, search('series', { study: B }))).toBe('403 OUT_OF_SCOPE');
    expect(code(wholeStudy, search('instances', { study: B }))).toBe('403 OUT_OF_SCOPE');
    expect(code(wholeStudy, search('instances', { study: A, series: B1 }))).toBe('403 OUT_OF_SCOPE');
    expect(code(oneSeries, search('instances', { study: A, series: A2 }))).toBe('403 OUT_OF_SCOPE');
  });
  it('ignores sequence keys when narrowing: only top-level UID keys are replaced', () => {
    const nested = { path: ['00081115', '0020000E'], value: B1 };
    const d = decide(wholeStudy, search('series', { filters: [nested] }));
    expect(d.search?.filters).toContainEqual(nested);
    expect(keyValue(d.search, '0020000E')).toBe(`${A1}\\${A2}`);
  });
});
