import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows } from '../../../test/support/auditRows';
import { corpusDir } from '../../../test/support/corpus';
import {
  HOUR,
  MINUTE,
  shareAndOpen,
  startHarness,
  STUDIES,
  type Client,
  type Harness,
} from '../../../test/support/sharing/harness';

/**
 * Attempts to leave a share's scope, each on its own, through the real app, archive and store.
 * The recipient holds a link to the French study (whole) or to one series of the multi-series
 * study; everything else in the archive must stay out of reach.
 */
let h: Harness;
let admin: Client;
let recipient: Client;
let seriesRecipient: Client;
let token: string;
let multiSeries: string[];
const F = STUDIES.french;
const G = STUDIES.greek;
let greekInstance: string;

const uidsIn = (body: string, tag: string) =>
  (JSON.parse(body) as Record<string, { Value?: string[] }>[]).map((d) => d[tag]?.Value?.[0]);

beforeAll(async () => {
  h = await startHarness({ corpusDir });
  admin = await h.signedIn('admin');
  const series = await admin.get(`/dicomweb/studies/${STUDIES.multi.study}/series`);
  multiSeries = uidsIn(series.body, '0020000E')
    .filter((uid): uid is string => uid !== undefined)
    .sort();
  const greek = await admin.get(`/dicomweb/studies/${G.study}/series/${G.series}/instances`);
  greekInstance = uidsIn(greek.body, '00080018')[0]!;
  ({ recipient, token } = await shareAndOpen(h, admin, {
    studyInstanceUIDs: [F.study],
    expiresInSeconds: 30 * 24 * 3600,
  }));
  ({ recipient: seriesRecipient } = await shareAndOpen(h, admin, {
    studyInstanceUIDs: [STUDIES.multi.study],
    seriesInstanceUIDs: [multiSeries[0]],
    expiresInSeconds: 30 * 24 * 3600,
  }));
});
afterAll(async () => h.close());

describe('inside the scope', () => {
  it('reads the shared study: search, metadata, frames', async () => {
    expect(uidsIn((await recipient.get('/dicomweb/studies')).body, '0020000D')).toEqual([F.study]);
    expect((await recipient.get(`/dicomweb/studies/${F.study}/metadata`)).statusCode).toBe(200);
    expect(
      (await recipient.get(`/dicomweb/studies/${F.study}/series/${F.series}/instances/${F.instance}/frames/1`))
        .statusCode,
    ).toBe(200);
  });
  it('the series share sees only its series', async () => {
    const series = await seriesRecipient.get(`/dicomweb/studies/${STUDIES.multi.study}/series`);
    expect(uidsIn(series.body, '0020000E')).toEqual([multiSeries[0]]);
    expect(
      (await seriesRecipient.get(`/dicomweb/studies/${STUDIES.multi.study}/series/${multiSeries[0]}/metadata`))
        .statusCode,
    ).toBe(200);
  });
});

describe('scope escapes', () => {
  it('another study UID', async () => {
    const response = await recipient.get(`/dicomweb/studies/${G.study}/metadata`);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: 'OUT_OF_SCOPE', message: expect.any(String) });
    expect((await recipient.get(`/dicomweb/studies/${G.study}/series`)).statusCode).toBe(403);
    expect(
      (await recipient.get(`/dicomweb/studies/${G.study}/series/${G.series}/instances/${greekInstance}/frames/1`))
        .statusCode,
    ).toBe(403);
  });

  it('another series of the shared study', async () => {
    for (const other of multiSeries.slice(1)) {
      expect(
        (await seriesRecipient.get(`/dicomweb/studies/${STUDIES.multi.study}/series/${other}/metadata`)).statusCode,
      ).toBe(403);
    }
    expect((await seriesRecipient.get(`/dicomweb/studies/${STUDIES.multi.study}/metadata`)).statusCode).toBe(403);
  });

  it('a series of another study under the shared study', async () => {
    expect((await recipient.get(`/dicomweb/studies/${F.study}/series/${G.series}/metadata`)).statusCode).toBe(403);
    expect(
      (await recipient.get(`/dicomweb/studies/${F.study}/series/${G.series}/instances/${greekInstance}/frames/1`))
        .statusCode,
    ).toBe(403);
  });

  it('.. segments', async () => {
    for (const url of [
      `/dicomweb/studies/${F.study}/../${G.study}/metadata`,
      `/dicomweb/studies/${F.study}/series/../../${G.study}/metadata`,
      `/dicomweb/studies/./${G.study}/metadata`,
    ]) {
      const response = await recipient.get(url);
      expect([400, 403, 404], url).toContain(response.statusCode);
      expect(response.body).not.toContain(G.series);
    }
  });

  it('percent-encoded slashes and dots', async () => {
    for (const url of [
      `/dicomweb/studies/${F.study}%2F..%2F${G.study}/metadata`,
      `/dicomweb/studies/${F.study}%2f..%2f${G.study}/metadata`,
      `/dicomweb/studies/${G.study.replaceAll('.', '%2E')}/metadata`,
    ]) {
      expect((await recipient.get(url)).statusCode, url).toBe(400);
    }
    // The HTTP layer may resolve an encoded `..` before routing; either way nothing is served.
    const dots = await recipient.get(`/dicomweb/studies/%2E%2E/${G.study}/metadata`);
    expect([400, 404]).toContain(dots.statusCode);
    expect(dots.body).not.toContain(G.series);
  });

  it('double encoding', async () => {
    for (const url of [
      `/dicomweb/studies/${F.study}%252F..%252F${G.study}/metadata`,
      `/dicomweb/studies/%252E%252E/${G.study}/metadata`,
    ]) {
      expect((await recipient.get(url)).statusCode, url).toBe(400);
    }
  });

  it('case variants of the path', async () => {
    for (const url of [
      `/DICOMWEB/studies/${G.study}/metadata`,
      `/dicomweb/STUDIES/${G.study}/metadata`,
      `/dicomweb/Studies/${G.study}/metadata`,
      `/Dicomweb/studies`,
    ]) {
      const response = await recipient.get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain(G.study);
    }
  });

  it('trailing and doubled slashes', async () => {
    expect((await recipient.get(`/dicomweb/studies/${G.study}/metadata/`)).statusCode).toBe(403);
    expect((await recipient.get(`/dicomweb/studies/${G.study}/`)).statusCode).toBe(403);
    expect((await recipient.get(`/dicomweb/studies//${G.study}/metadata`)).statusCode).toBe(400);
    expect(uidsIn((await recipient.get('/dicomweb/studies/')).body, '0020000D')).toEqual([F.study]);
  });

  it('QIDO without a filter, and at every level', async () => {
    expect(uidsIn((await recipient.get('/dicomweb/studies')).body, '0020000D')).toEqual([F.study]);
    expect(uidsIn((await recipient.get('/dicomweb/series')).body, '0020000E')).toEqual([F.series]);
    expect(uidsIn((await recipient.get('/dicomweb/instances')).body, '0020000D')).toEqual([F.study]);
    expect(uidsIn((await recipient.get('/dicomweb/studies?limit=100&offset=0')).body, '0020000D')).toEqual([F.study]);
  });

  it('QIDO for another PatientID or another study', async () => {
    const greekPatient = uidsIn((await admin.get(`/dicomweb/studies?StudyInstanceUID=${G.study}`)).body, '00100020')[0];
    expect(greekPatient).toBeDefined();
    expect((await recipient.get(`/dicomweb/studies?PatientID=${encodeURIComponent(greekPatient!)}`)).json()).toEqual(
      [],
    );
    expect((await recipient.get(`/dicomweb/studies?StudyInstanceUID=${G.study}`)).json()).toEqual([]);
    expect(
      uidsIn((await recipient.get(`/dicomweb/studies?StudyInstanceUID=${G.study},${F.study}`)).body, '0020000D'),
    ).toEqual([F.study]);
    expect(uidsIn((await recipient.get(`/dicomweb/studies?0020000D=*`)).body, '0020000D')).toEqual([F.study]);
    expect((await recipient.get(`/dicomweb/series?SeriesInstanceUID=${G.series}`)).json()).toEqual([]);
    expect((await recipient.get(`/dicomweb/instances?SOPInstanceUID=${greekInstance}`)).json()).toEqual([]);
  });

  it('includefield tricks', async () => {
    for (const url of [
      '/dicomweb/studies?includefield=all',
      '/dicomweb/studies?includefield=0020000D&includefield=StudyInstanceUID',
      `/dicomweb/studies?includefield=all&StudyInstanceUID=${G.study}\\${F.study}`,
      '/dicomweb/series?includefield=all',
      '/dicomweb/instances?includefield=all&includefield=PatientID',
    ]) {
      const response = await recipient.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).not.toContain(G.study);
      expect(response.body, url).not.toContain(STUDIES.multi.study);
      expect(
        uidsIn(response.body, '0020000D').every((uid) => uid === F.study),
        url,
      ).toBe(true);
    }
  });

  it('bulk data of another study', async () => {
    expect(
      (await recipient.get(`/dicomweb/studies/${G.study}/series/${G.series}/instances/${greekInstance}/bulk/7FE00010`))
        .statusCode,
    ).toBe(403);
  });

  it('method override headers change nothing', async () => {
    for (const header of ['x-http-method-override', 'x-http-method', 'x-method-override']) {
      const post = await recipient.request('POST', '/dicomweb/studies', {
        headers: { [header]: 'GET', 'content-type': 'application/dicom' },
        payload: Buffer.from('x'),
      });
      expect(post.statusCode, header).toBe(403);
      expect(post.json<{ error: string }>().error).toBe('REPLIES_NOT_ALLOWED');
      const get = await recipient.request('GET', `/dicomweb/studies/${G.study}/metadata`, {
        headers: { [header]: 'HEAD' },
      });
      expect(get.statusCode, header).toBe(403);
      const del = await recipient.request('GET', `/dicomweb/studies/${F.study}`, { headers: { [header]: 'DELETE' } });
      expect(del.statusCode, header).toBe(403);
    }
    expect((await admin.get(`/dicomweb/studies/${F.study}/metadata`)).statusCode).toBe(200);
  });

  it('HEAD, OPTIONS, POST and DELETE', async () => {
    expect((await recipient.request('HEAD', `/dicomweb/studies/${G.study}/metadata`)).statusCode).toBe(403);
    expect((await recipient.request('HEAD', `/dicomweb/studies/${F.study}/metadata`)).statusCode).toBe(200);
    expect((await recipient.request('OPTIONS', `/dicomweb/studies/${F.study}`)).statusCode).toBe(405);
    expect(
      (
        await recipient.request('POST', `/dicomweb/studies/${F.study}`, {
          headers: { 'content-type': 'application/dicom' },
          payload: Buffer.from('x'),
        })
      ).statusCode,
    ).toBe(403);
    expect((await recipient.request('DELETE', `/dicomweb/studies/${F.study}`)).statusCode).toBe(405);
    expect((await recipient.request('PUT', `/dicomweb/studies/${F.study}`)).statusCode).toBe(405);
    expect((await admin.get(`/dicomweb/studies/${F.study}/metadata`)).statusCode).toBe(200);
  });

  it('the link token in a query string or header instead of the cookie', async () => {
    const stranger = h.client();
    expect((await stranger.get(`/dicomweb/studies?token=${token}`)).statusCode).toBe(401);
    expect((await stranger.get(`/dicomweb/studies/${F.study}/metadata?token=${token}`)).statusCode).toBe(401);
    expect(
      (await stranger.get(`/dicomweb/studies/${F.study}/metadata`, { authorization: `Bearer ${token}` })).statusCode,
    ).toBe(401);
    expect((await stranger.get(`/api/share-session?token=${token}`)).statusCode).toBe(401);
    // The token itself is not a cookie value either.
    expect(
      (await stranger.get(`/dicomweb/studies/${F.study}/metadata`, { cookie: `sr_share=${token}` })).statusCode,
    ).toBe(401);
  });

  it('a share cookie under the staff cookie name', async () => {
    const value = recipient.cookies.get('sr_share')!;
    const forged = h.client();
    forged.cookies.set('sr_session', value);
    expect((await forged.get('/dicomweb/studies')).statusCode).toBe(401);
    expect((await forged.get('/api/shares')).statusCode).toBe(401);
  });

  it('a share cookie on the staff API', async () => {
    for (const [method, url] of [
      ['GET', '/api/shares'],
      ['POST', '/api/shares'],
      ['GET', '/api/audit/export?format=fhir'],
      ['GET', '/api/no-such-route'],
    ] as const) {
      const response = await recipient.request(method, url, {
        payload: method === 'POST' ? { studyInstanceUIDs: [G.study], expiresInSeconds: 3600 } : undefined,
      });
      expect(response.statusCode, url).toBe(403);
      expect(response.json<{ error: string }>().error).toBe('SHARE_NOT_ALLOWED');
    }
    expect((await recipient.get('/api/me')).statusCode).toBe(401);
  });

  it('every refusal above was audited: the first of each kind at once, repeats counted when the minute ends', async () => {
    const denied = async () => (await auditRows(h.store.auditLog)).filter((row) => row.type === 'request.denied');
    const detail = (row: { detail: string }) => JSON.parse(row.detail) as { code: string; repeats?: number };
    const atOnce = await denied();
    expect([...new Set(atOnce.map((row) => detail(row).code))]).toEqual(
      expect.arrayContaining([
        'OUT_OF_SCOPE',
        'REPLIES_NOT_ALLOWED',
        'BAD_REQUEST',
        'UNKNOWN_RESOURCE',
        'METHOD_NOT_ALLOWED',
        'SHARE_NOT_ALLOWED',
      ]),
    );
    expect(atOnce.some((row) => row.studies === JSON.stringify([G.study]) && row.share_id !== null)).toBe(true);

    h.clock.advance(MINUTE);
    await h.client().get('/healthz');
    const summaries = (await denied()).slice(atOnce.length);
    expect(summaries.length).toBeGreaterThan(0);
    expect(summaries.every((row) => (detail(row).repeats ?? 0) > 0)).toBe(true);
    const refusals = atOnce.length + summaries.reduce((sum, row) => sum + detail(row).repeats!, 0);
    expect(refusals).toBeGreaterThanOrEqual(40);
    const outOfScope = summaries.find((row) => detail(row).code === 'OUT_OF_SCOPE' && row.share_id !== null)!;
    expect(JSON.parse(outOfScope.studies!)).toEqual(expect.arrayContaining([G.study]));
  });
});

describe('cookies after the end', () => {
  it('a share cookie used after revocation stops at the next request', async () => {
    const { id, recipient: r } = await shareAndOpen(h, admin, { studyInstanceUIDs: [F.study] });
    expect((await r.get(`/dicomweb/studies/${F.study}/metadata`)).statusCode).toBe(200);
    expect((await admin.request('DELETE', `/api/shares/${id}`)).statusCode).toBe(204);
    const after = await r.get(`/dicomweb/studies/${F.study}/metadata`);
    expect(after.statusCode).toBe(401);
    expect(after.json<{ error: string }>().error).toBe('SHARE_REVOKED');
    expect((await r.get('/api/share-session')).json<{ error: string }>().error).toBe('SHARE_REVOKED');
    expect((await h.store.auditLog.forShare(id)).map((row) => row.type)).toContain('request.denied');
  });

  it('an expired share-session cookie replayed', async () => {
    const { recipient: r } = await shareAndOpen(h, admin, {
      studyInstanceUIDs: [F.study],
      expiresInSeconds: 2 * 24 * 3600,
    });
    const replay = r.clone();
    h.clock.advance(4 * HOUR - 1);
    expect((await r.get(`/dicomweb/studies/${F.study}/metadata`)).statusCode).toBe(200);
    h.clock.advance(1);
    const after = await replay.get(`/dicomweb/studies/${F.study}/metadata`);
    expect(after.statusCode).toBe(401);
    expect(after.json<{ error: string }>().error).toBe('SESSION_EXPIRED');
  });
});

describe('a series-scoped share answers only from its series', () => {
  const M = STUDIES.multi.study;
  type Dataset = Record<string, { Value?: unknown[] }>;
  /** Every value of the study's other series that the recipient must never see, by series and instance. */
  let unshared: { series: string; description: string; modality: string; instances: string[] }[];
  let shared: { description: string; modality: string };
  let seriesRecipient: Client;
  /** The shared series' own metadata: what it references of other series is the recipient's to see. */
  let sharedMetadata: string;

  const stringOf = (dataset: Dataset, tag: string) => {
    const value = dataset[tag]?.Value?.[0];
    return typeof value === 'string' ? value : '';
  };

  beforeAll(async () => {
    // The tests above moved the clock past the first sessions.
    const admin = await h.signedIn('admin');
    ({ recipient: seriesRecipient } = await shareAndOpen(h, admin, {
      studyInstanceUIDs: [M],
      seriesInstanceUIDs: [multiSeries[0]],
    }));
    const describeSeries = async (series: string) => {
      const [row] = (await admin.get(`/dicomweb/studies/${M}/series?SeriesInstanceUID=${series}`)).json<Dataset[]>();
      const instances = (await admin.get(`/dicomweb/studies/${M}/series/${series}/instances`)).json<Dataset[]>();
      return {
        series,
        description: stringOf(row!, '0008103E'),
        modality: stringOf(row!, '00080060'),
        instances: instances.map((i) => stringOf(i, '00080018')),
      };
    };
    unshared = await Promise.all(multiSeries.slice(1).map(describeSeries));
    shared = await describeSeries(multiSeries[0]!);
    sharedMetadata = (await admin.get(`/dicomweb/studies/${M}/series/${multiSeries[0]}/metadata`)).body;
  });

  /** The values that are the unshared series' own (a value also true of the shared series reveals nothing). */
  const secrets = () =>
    unshared
      .flatMap((s) => [
        s.series,
        ...s.instances,
        ...[s.description, s.modality].filter((v) => v !== '' && v !== shared.description && v !== shared.modality),
      ])
      .filter((secret) => !sharedMetadata.includes(secret));

  it('study-level includefield of series and instance attributes, and includefield=all, at every level', async () => {
    expect(secrets().length).toBeGreaterThan(2);
    for (const url of [
      '/dicomweb/studies?includefield=SeriesDescription&includefield=InstitutionName&includefield=SOPInstanceUID&includefield=Modality',
      '/dicomweb/studies?includefield=0008103E,00080080,00080018,0020000E,00080016',
      '/dicomweb/studies?includefield=all',
      `/dicomweb/studies?StudyInstanceUID=${M}&includefield=all`,
      `/dicomweb/studies/${M}/series?includefield=all`,
      `/dicomweb/studies/${M}/instances?includefield=all`,
      '/dicomweb/series?includefield=00201206&includefield=00080061&includefield=00201208',
      '/dicomweb/instances?includefield=all',
    ]) {
      const response = await seriesRecipient.get(url);
      expect(response.statusCode, url).toBe(200);
      for (const secret of secrets()) expect(response.body, `${url} carries ${secret}`).not.toContain(secret);
      for (const dataset of response.json<Dataset[]>()) {
        // Study-wide summaries would count and name the series that were left out.
        for (const tag of ['00080061', '00080062', '00201206', '00201208'])
          expect(dataset[tag], `${url} ${tag}`).toBeUndefined();
      }
    }
  });

  it('the study row itself still answers, with study attributes', async () => {
    const [study] = (await seriesRecipient.get('/dicomweb/studies')).json<Dataset[]>();
    expect(stringOf(study!, '0020000D')).toBe(M);
    expect(study!['00100010']).toBeDefined();
    const series = (await seriesRecipient.get(`/dicomweb/studies/${M}/series?includefield=all`)).json<Dataset[]>();
    expect(series.map((s) => stringOf(s, '0020000E'))).toEqual([multiSeries[0]]);
  });

  it('filters on series and instance attributes give no yes/no about unshared series', async () => {
    // The unshared series that differs most from the shared one: a key true of it is false of the shared series.
    const other = unshared.find((s) => s.modality !== shared.modality)!;
    expect(other).toBeDefined();
    const probes: [string, string, string][] = [
      // key, a value true only of an unshared series, a value true of nothing
      ['SeriesDescription', other.description === shared.description ? 'x' : other.description, 'no such description'],
      ['Modality', other.modality, 'ZZ'],
      ['SeriesInstanceUID', other.series, '1.2.3.4.5.6.7.8.9'],
      ['0020000E', other.series, '1.2.3.4.5.6.7.8.9'],
      ['SOPInstanceUID', other.instances[0]!, '1.2.3.4.5.6.7.8.9'],
      ['ModalitiesInStudy', other.modality, 'ZZ'],
      ['SOPClassesInStudy', '1.2.840.10008.5.1.4.1.1.88.34', '1.2.3.4.5.6.7.8.9'],
    ];
    for (const level of [
      '/dicomweb/studies',
      `/dicomweb/studies/${M}/series`,
      `/dicomweb/studies/${M}/instances`,
      '/dicomweb/series',
      '/dicomweb/instances',
    ]) {
      for (const [key, secret, nothing] of probes) {
        const asked = await seriesRecipient.get(`${level}?${key}=${encodeURIComponent(secret)}`);
        const baseline = await seriesRecipient.get(`${level}?${key}=${encodeURIComponent(nothing)}`);
        expect([200, 400, 403], `${level} ${key}`).toContain(asked.statusCode);
        expect([asked.statusCode, asked.body], `${level} ${key}`).toEqual([baseline.statusCode, baseline.body]);
        for (const s of secrets()) expect(asked.body, `${level} ${key}`).not.toContain(s);
      }
    }
  });
});
