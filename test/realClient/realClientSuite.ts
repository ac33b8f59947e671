import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import { firstString } from '../../src/dicom/json';
import { corpusDir } from '../support/corpus';
import { corpusInstance, corpusSeries, instancePath } from '../proxy/fixtures';
import { fetchBytes, multipartParts, partDigests } from '../proxy/gateway';
import { realClient, type InstanceRef } from './dicomwebClient';

/**
 * What a DICOMweb viewer does with the npm dicomweb-client, against any gateway holding at least
 * the knee MR and the 3-slice liver CT. Bytes are checked against Orthanc (the reference) and the
 * corpus files.
 */

export const REAL_CLIENT_FILES = ['kinds/multiframe/mr-enhanced-knee-19frames.dcm', 'series/ct-liver-3slice-with-seg/'];
const KNEE_FILE = 'kinds/multiframe/mr-enhanced-knee-19frames.dcm';
const STORED_FILE = 'kinds/waveform/ecg-12lead.dcm';
const knee = corpusInstance(KNEE_FILE);
const ct = corpusSeries('series/ct-liver-3slice-with-seg/');
const stored = corpusInstance(STORED_FILE);
const ref = ({ study, series, instance }: { study: string; series: string; instance: string }): InstanceRef => ({
  studyInstanceUID: study,
  seriesInstanceUID: series,
  sopInstanceUID: instance,
});

interface GatewayRoots {
  /** DICOMweb root of a gateway holding REAL_CLIENT_FILES. */
  read(): string;
  /** DICOMweb root of a gateway that may be written to and does not hold STORED_FILE yet. */
  write(): string;
}

export function realClientSuite(name: string, roots: GatewayRoots) {
  const orthanc = inject('orthanc');
  const orthancParts = async (path: string, accept?: string) => {
    const direct = await fetchBytes(`${orthanc.baseUrl}${path}`, accept);
    return partDigests(multipartParts(direct.contentType, direct.body));
  };
  const digests = (bodies: Uint8Array[]) => partDigests(bodies.map((body) => ({ headers: {}, body })));

  describe(`dicomweb-client → ${name}`, () => {
    it('searchForStudies, searchForSeries, searchForInstances', async () => {
      const client = realClient(roots.read());
      const studies = await client.searchForStudies({ ModalitiesInStudy: 'MR', includefield: 'StudyDescription' });
      expect(studies.map((study) => firstString(study, '0020000D'))).toContain(knee.study);
      expect(await client.searchForStudies({ StudyInstanceUID: knee.study })).toHaveLength(1);
      const series = await client.searchForSeries(ct.study);
      expect(series.map((s) => firstString(s, '0020000E'))).toContain(ct.series);
      expect(await client.searchForInstances(ct.study, ct.series)).toHaveLength(ct.instances);
    });

    it('retrieveInstanceMetadata, then retrieveBulkData on its BulkDataURI', async () => {
      const client = realClient(roots.read());
      const [metadata] = await client.retrieveInstanceMetadata(ref(knee));
      expect(firstString(metadata!, '00080018')).toBe(knee.instance);
      const pixelData = metadata!['7FE00010']?.BulkDataURI;
      expect(pixelData).toBe(`${roots.read()}${instancePath(knee)}/bulk/7FE00010`);
      const bulk = await client.retrieveBulkData(pixelData!);
      expect(digests(bulk)).toEqual(
        await orthancParts(`${instancePath(knee)}/bulk/7FE00010`, 'multipart/related; type="application/octet-stream"'),
      );
    });

    it('retrieveInstanceFrames, byte-identical to Orthanc', async () => {
      const frames = await realClient(roots.read()).retrieveInstanceFrames(ref(knee), '1,19');
      expect(frames).toHaveLength(2);
      expect(digests(frames)).toEqual(await orthancParts(`${instancePath(knee)}/frames/1,19`));
    });

    it('retrieveInstance gives back the stored file', async () => {
      const file = await realClient(roots.read()).retrieveInstance(ref(knee));
      expect(Buffer.from(file).equals(await readFile(`${corpusDir}/${KNEE_FILE}`))).toBe(true);
    });

    it('storeInstances, and the instance is then found', async () => {
      const client = realClient(roots.write());
      const file = await readFile(`${corpusDir}/${STORED_FILE}`);
      await client.storeInstances([file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength)]);
      const found = await client.searchForInstances(stored.study, stored.series);
      expect(found.map((dataset) => firstString(dataset, '00080018'))).toEqual([stored.instance]);
    });
  });
}
