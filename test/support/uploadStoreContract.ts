import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/server/store/store';
import type { NewUploadLink } from '../../src/server/store/uploadLinks';
import type { QuarantinedInstance, Upload } from '../../src/server/store/uploads';

/**
 * The contract of the upload-link sub-stores (uploadLinks, uploadSessions, uploads), written
 * against the Store interface like storeContract.ts, which a new store implementation runs too.
 */
interface StorePlace {
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

const T0 = Date.UTC(2025, 0, 1);
const MIN = 60_000;
const UPLOAD_A = '00000000-0000-4000-8000-00000000000a';
const UPLOAD_B = '00000000-0000-4000-8000-00000000000b';

const newLink = (id: string, createdBy: string, over: Partial<NewUploadLink> = {}): NewUploadLink => ({
  id,
  tokenHash: `token-${id}`,
  label: `CD ${id}`,
  forwardTo: undefined,
  createdBy,
  createdAt: T0,
  expiresAt: T0 + 60 * MIN,
  ...over,
});

const newUpload = (id: string, linkId: string, studyUID: string, at = T0): Upload => ({
  id,
  linkId,
  studyUID,
  uploadedFrom: '203.0.113.9',
  firstReceivedAt: at,
  lastReceivedAt: at,
  patientID: 'P1',
  patientName: 'Doe^Jane',
  birthDate: '19700101',
  studyDate: '20240102',
  studyDescription: 'CT head',
});

const instance = (uploadId: string, sop: string, over: Partial<QuarantinedInstance> = {}): QuarantinedInstance => ({
  uploadId,
  sopInstanceUID: sop,
  sopClassUID: '1.2.840.10008.5.1.4.1.1.2',
  seriesUID: '1.2.3.4',
  modality: 'CT',
  seriesDescription: 'Axial',
  size: 1000,
  sha256: `sha-${sop}`,
  warnings: [],
  receivedAt: T0,
  ...over,
});

export function describeUploadStoreContract(name: string, place: () => Promise<StorePlace>) {
  describe(`Upload store contract: ${name}`, () => {
    let where: StorePlace;
    let store: Store;
    let staff: string;
    let other: string;

    beforeEach(async () => {
      where = await place();
      store = await where.open();
      const user = (username: string) =>
        store.users.create({ username, displayName: username, role: 'radiologist', passwordHash: 'h', now: T0 });
      staff = (await user('sender')).id;
      other = (await user('colleague')).id;
    });
    afterEach(async () => {
      await store.close();
      await where.dispose();
    });

    it('upload links: found by id and token hash, listed newest first per creator, revoked once', async () => {
      await store.uploadLinks.create(newLink('l1', staff, { forwardTo: other }));
      await store.uploadLinks.create(newLink('l2', other, { createdAt: T0 + MIN }));
      expect(await store.uploadLinks.get('l1')).toEqual({
        ...newLink('l1', staff, { forwardTo: other }),
        revokedAt: undefined,
        revokedBy: undefined,
      });
      expect((await store.uploadLinks.byTokenHash('token-l2'))?.id).toBe('l2');
      expect(await store.uploadLinks.byTokenHash('token-none')).toBeUndefined();
      expect((await store.uploadLinks.list()).map((l) => l.id)).toEqual(['l2', 'l1']);
      expect((await store.uploadLinks.list(staff)).map((l) => l.id)).toEqual(['l1']);

      expect(await store.uploadLinks.revoke('l1', staff, T0 + 5 * MIN)).toBe(true);
      expect(await store.uploadLinks.revoke('l1', other, T0 + 9 * MIN)).toBe(false);
      expect(await store.uploadLinks.revoke('missing', staff, T0)).toBe(false);
      expect(await store.uploadLinks.get('l1')).toMatchObject({ revokedAt: T0 + 5 * MIN, revokedBy: staff });
    });

    it('upload sessions: created, found, deleted, and expired ones swept', async () => {
      await store.uploadLinks.create(newLink('l1', staff));
      const session = { idHash: 'h1', linkId: 'l1', csrfToken: 'c1', createdAt: T0, expiresAt: T0 + MIN, ip: '::1' };
      await store.uploadSessions.create(session);
      await store.uploadSessions.create({ ...session, idHash: 'h2', expiresAt: T0 + 10 * MIN });
      expect(await store.uploadSessions.find('h1')).toEqual(session);
      await store.uploadSessions.deleteExpired(T0 + MIN);
      expect(await store.uploadSessions.find('h1')).toBeUndefined();
      expect(await store.uploadSessions.find('h2')).toMatchObject({ csrfToken: 'c1' });
      await store.uploadSessions.delete('h2');
      expect(await store.uploadSessions.find('h2')).toBeUndefined();
    });

    it('uploads: one per link and study, the first facts kept, the last receipt moved forward', async () => {
      await store.uploadLinks.create(newLink('l1', staff));
      const first = await store.uploads.open(newUpload(UPLOAD_A, 'l1', '1.2.3'));
      expect(first).toEqual(newUpload(UPLOAD_A, 'l1', '1.2.3'));
      const again = await store.uploads.open({ ...newUpload(UPLOAD_B, 'l1', '1.2.3', T0 + MIN), patientID: 'X' });
      expect(again).toEqual({ ...first, lastReceivedAt: T0 + MIN });
      // An older receipt never moves it back.
      expect((await store.uploads.open(newUpload(UPLOAD_B, 'l1', '1.2.3', T0))).lastReceivedAt).toBe(T0 + MIN);
      expect(await store.uploads.get(UPLOAD_B)).toBeUndefined();
    });

    it('uploads: instances are put idempotently, listed, counted per link, removed; empty uploads are not listed', async () => {
      await store.uploadLinks.create(newLink('l1', staff));
      await store.uploads.open(newUpload(UPLOAD_A, 'l1', '1.2.3'));
      await store.uploads.open(newUpload(UPLOAD_B, 'l1', '1.2.4', T0 + MIN));
      expect(await store.uploads.list()).toEqual([]);
      await store.uploads.putInstance(instance(UPLOAD_A, '1.2.3.1', { warnings: ['odd'] }));
      await store.uploads.putInstance(instance(UPLOAD_A, '1.2.3.1', { size: 2000, warnings: ['odd'] }));
      await store.uploads.putInstance(instance(UPLOAD_A, '1.2.3.2'));
      expect(await store.uploads.instances(UPLOAD_A)).toEqual([
        instance(UPLOAD_A, '1.2.3.1', { size: 2000, warnings: ['odd'] }),
        instance(UPLOAD_A, '1.2.3.2'),
      ]);
      expect(await store.uploads.findInstance(UPLOAD_A, '1.2.3.2')).toEqual(instance(UPLOAD_A, '1.2.3.2'));
      expect(await store.uploads.findInstance(UPLOAD_B, '1.2.3.2')).toBeUndefined();
      expect((await store.uploads.list()).map((u) => u.id)).toEqual([UPLOAD_A]);
      expect(await store.uploads.countByLink()).toEqual(new Map([['l1', 1]]));
      // The replaced row counts once, at its new size; a link with nothing holds nothing.
      expect(await store.uploads.bytesForLink('l1')).toBe(2000 + instance(UPLOAD_A, '1.2.3.2').size);
      expect(await store.uploads.bytesForLink('l2')).toBe(0);
      expect((await store.uploads.allInstances()).map((i) => i.sopInstanceUID).sort()).toEqual(['1.2.3.1', '1.2.3.2']);

      await store.uploads.removeInstance(UPLOAD_A, '1.2.3.1');
      expect((await store.uploads.instances(UPLOAD_A)).map((i) => i.sopInstanceUID)).toEqual(['1.2.3.2']);
      expect(await store.uploads.deleteEmpty()).toBe(1);
      expect(await store.uploads.get(UPLOAD_B)).toBeUndefined();
      expect(await store.uploads.get(UPLOAD_A)).toBeDefined();

      await store.uploads.delete(UPLOAD_A);
      expect(await store.uploads.get(UPLOAD_A)).toBeUndefined();
      expect(await store.uploads.allInstances()).toEqual([]);
    });

    it('uploads: an instance cannot be put into an upload that is gone, and the rows survive a reopen', async () => {
      await store.uploadLinks.create(newLink('l1', staff));
      await store.uploads.open(newUpload(UPLOAD_A, 'l1', '1.2.3'));
      await store.uploads.putInstance(instance(UPLOAD_A, '1.2.3.1'));
      await expect(store.uploads.putInstance(instance(UPLOAD_B, '1.2.3.9'))).rejects.toThrow();
      await store.close();
      store = await where.open();
      expect((await store.uploads.list()).map((u) => u.id)).toEqual([UPLOAD_A]);
      expect(await store.uploads.instances(UPLOAD_A)).toHaveLength(1);
    });
  });
}
