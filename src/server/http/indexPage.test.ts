import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir } from '../../../test/support/corpus';
import {
  ADMIN,
  shareAndOpen,
  startHarness,
  STUDIES,
  type Client,
  type Harness,
} from '../../../test/support/sharing/harness';
import { Bootstrap, BOOTSTRAP_ELEMENT_ID, OPENING_PICTURE_ID } from '../../api/bootstrap';
import { ANONYMOUS_INDEX_CACHE, SESSION_INDEX_CACHE, withBootstrap } from './indexPage';

const INDEX = '<!doctype html><html><head></head><body><div id="root"></div></body></html>';

/** The bootstrap element's JSON, as the app's JSON.parse reads it. */
function bootstrapOf(response: LightMyRequestResponse): Bootstrap {
  const match = new RegExp(`<script type="application/json" id="${BOOTSTRAP_ELEMENT_ID}">(.*?)</script>`, 's').exec(
    response.body,
  );
  expect(match, 'bootstrap element').not.toBeNull();
  return JSON.parse(match![1]!) as Bootstrap;
}

const statuses = (bootstrap: Bootstrap) => bootstrap.probes.map(({ path, status }) => `${path} ${status}`);

describe('withBootstrap', () => {
  it('puts the answers before </body>, where no text in them can end the element', () => {
    const hostile = {
      configJson: null,
      probes: [
        {
          path: '/api/share-session' as const,
          status: 200,
          body: { label: '</script ><script>alert(1)</script>&\u2028 <!--<script>' },
        },
      ],
    };
    const html = withBootstrap(INDEX, hostile);
    expect(
      html.startsWith('<!doctype html><html><head></head><body><div id="root"></div><script type="application/json"'),
    ).toBe(true);
    expect(html.endsWith('</script></body></html>')).toBe(true);
    // An HTML parser ends a script at any `</script`, and `<!--` changes how it looks for it.
    expect(html.toLowerCase().split('</script')).toHaveLength(2);
    expect(html).not.toContain('<!--');
    expect(JSON.parse(/id="bootstrap">(.*)<\/script>/s.exec(html)![1]!)).toEqual(hostile);
  });
});

describe('index.html from the gateway', () => {
  const staticDir = mkdtempSync(path.join(os.tmpdir(), 'secondread-index-'));
  let h: Harness;
  let admin: Client;

  beforeAll(async () => {
    writeFileSync(path.join(staticDir, 'index.html'), INDEX);
    h = await startHarness({ corpusDir, staticDir });
    admin = await h.signedIn('admin');
  });
  afterAll(async () => {
    await h.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('tells an anonymous browser that no session knows it, and may be revalidated but never shared', async () => {
    for (const url of ['/', '/index.html', '/viewer?StudyInstanceUIDs=1.2.3']) {
      const page = await h.client().get(url);
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['cache-control']).toBe(ANONYMOUS_INDEX_CACHE);
      expect(page.headers.vary).toMatch(/cookie/i);
      const bootstrap = bootstrapOf(page);
      expect(bootstrap.configJson).toBeNull();
      expect(statuses(bootstrap)).toEqual([
        '/api/me 401',
        '/api/share-session 401',
        '/api/patient-session 401',
        '/api/upload-session 401',
      ]);
    }
  });

  it('carries a staff member’s session as /api/me answers it, and is never stored', async () => {
    const page = await admin.get('/viewer?StudyInstanceUIDs=1.2.3');
    expect(page.headers['cache-control']).toBe(SESSION_INDEX_CACHE);
    const bootstrap = bootstrapOf(page);
    expect(statuses(bootstrap)).toEqual(['/api/me 200']);
    expect(bootstrap.probes[0]!.body).toEqual((await admin.get('/api/me')).json());
  });

  it('carries a link recipient’s share session after the staff probe says no', async () => {
    const { recipient } = await shareAndOpen(h, admin, { studyInstanceUIDs: [STUDIES.french.study] });
    const bootstrap = bootstrapOf(await recipient.get('/viewer'));
    expect(statuses(bootstrap)).toEqual(['/api/me 401', '/api/share-session 200']);
    expect(bootstrap.probes[1]!.body).toEqual((await recipient.get('/api/share-session')).json());
  });

  /** The opening picture's <img> URL in a page, if it carries one. */
  const pictureUrl = (page: LightMyRequestResponse) =>
    new RegExp(`<div id="${OPENING_PICTURE_ID}"><img src="([^"]+)"`).exec(page.body)?.[1]?.replaceAll('&amp;', '&');

  it('names the opening image’s picture in a viewer page, before the app’s scripts run, as the app would pick it', async () => {
    const page = await admin.get(`/viewer?StudyInstanceUIDs=${STUDIES.french.study}`);
    expect(page.statusCode).toBe(200);
    expect(bootstrapOf(page).opening).toEqual({
      studyInstanceUID: STUDIES.french.study,
      seriesInstanceUID: STUDIES.french.series,
      pixelAspect: 1,
    });
    const url = pictureUrl(page);
    expect(url).toBe(
      `/dicomweb/studies/${STUDIES.french.study}/series/${STUDIES.french.series}/instances/${STUDIES.french.instance}/frames/1/rendered?viewport=32,32&accept=image/jpeg`,
    );
    // Where the browser shows it at once: in the body, ahead of the bootstrap, marked as a preview.
    expect(page.body.indexOf(OPENING_PICTURE_ID)).toBeLessThan(page.body.indexOf(`id="${BOOTSTRAP_ELEMENT_ID}"`));
    expect(page.body).toContain('<span class="quality-badge" role="status">Preview</span></div>');
    const picture = await admin.get(url!);
    expect(picture.statusCode).toBe(200);
    expect(picture.headers['content-type']).toBe('image/jpeg');
    // The same study through the patient's viewer route is looked up the same way.
    expect(pictureUrl(await admin.get(`/patient/viewer?StudyInstanceUIDs=${STUDIES.french.study}`))).toBe(url);
  });

  it('names no picture where the browser may not read the study, or the viewer would show none', async () => {
    const { recipient } = await shareAndOpen(h, admin, { studyInstanceUIDs: [STUDIES.french.study] });
    expect(bootstrapOf(await recipient.get(`/viewer?StudyInstanceUIDs=${STUDIES.french.study}`)).opening).toEqual({
      studyInstanceUID: STUDIES.french.study,
      seriesInstanceUID: STUDIES.french.series,
      pixelAspect: 1,
    });
    // Another study than the link's: nothing of it in the page, not even its series' UID.
    const outside = await recipient.get(`/viewer?StudyInstanceUIDs=${STUDIES.greek.study}`);
    expect(outside.statusCode).toBe(200);
    expect(bootstrapOf(outside).opening).toBeUndefined();
    expect(outside.body).not.toContain(OPENING_PICTURE_ID);
    expect(outside.body).not.toContain(STUDIES.greek.series);
    // The link's study among others, or beside what is no UID: the app shows an error, not the viewer.
    for (const url of [
      `/viewer?StudyInstanceUIDs=${STUDIES.french.study},${STUDIES.greek.study}`,
      `/viewer?StudyInstanceUIDs=${STUDIES.french.study},not-a-uid`,
    ]) {
      const page = await recipient.get(url);
      expect(bootstrapOf(page).opening, url).toBeUndefined();
      expect(page.body, url).not.toContain(OPENING_PICTURE_ID);
    }
    const pages = [
      await admin.get(`/viewer?StudyInstanceUIDs=${STUDIES.french.study},not-a-uid`),
      await h.client().get(`/viewer?StudyInstanceUIDs=${STUDIES.french.study}`), // no session
      await admin.get(`/viewer?StudyInstanceUIDs=${STUDIES.multi.study}`), // parametric maps and a report: no image
      await admin.get('/viewer?StudyInstanceUIDs=1.2.3'), // no such study
      await admin.get('/viewer?StudyInstanceUIDs=not-a-uid'),
      await admin.get(`/shares?StudyInstanceUIDs=${STUDIES.french.study}`), // not the viewer
    ];
    for (const page of pages) {
      expect(page.statusCode).toBe(200);
      expect(bootstrapOf(page).opening).toBeUndefined();
      expect(page.body).not.toContain(OPENING_PICTURE_ID);
    }
  });

  it('inlines config.json as written, so the app asks for it no more', async () => {
    const config = '{ "dicomweb": "https://pacs.example.org/dicom-web" }';
    writeFileSync(path.join(staticDir, 'config.json'), config);
    try {
      expect(bootstrapOf(await h.client().get('/')).configJson).toBe(config);
    } finally {
      rmSync(path.join(staticDir, 'config.json'));
    }
    expect(bootstrapOf(await h.client().get('/')).configJson).toBeNull();
  });
});

describe('index.html behind a trusted https proxy', () => {
  const staticDir = mkdtempSync(path.join(os.tmpdir(), 'secondread-index-proxy-'));
  let h: Harness;

  beforeAll(async () => {
    writeFileSync(path.join(staticDir, 'index.html'), INDEX);
    h = await startHarness({ corpusDir, staticDir, trustProxy: true });
  });
  afterAll(async () => {
    await h.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('finds the staff session under its __Host- cookie, as the app itself would', async () => {
    const https = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'localhost' };
    const client = h.client();
    const login = await client.post('/api/login', ADMIN, { ...https, origin: 'https://localhost' });
    expect(login.statusCode, login.body).toBe(200);
    expect([...client.cookies.keys()].some((name) => name.startsWith('__Host-'))).toBe(true);
    const page = await client.get('/viewer?StudyInstanceUIDs=1.2.3', https);
    expect(statuses(bootstrapOf(page))).toEqual(['/api/me 200']);
    expect(page.headers['cache-control']).toBe(SESSION_INDEX_CACHE);
  });
});
