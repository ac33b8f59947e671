import { readFile } from 'node:fs/promises';
import type { APIRequestContext } from '@playwright/test';
import { firstString, type DicomJsonDataset } from '../../src/dicom/json';
import { parseMediaType, parseMultipart } from '../../src/dicomweb/multipart';
import { entryFiles, manifest } from '../../test/support/corpus';
import { randomUid, withFreshUids } from './part10';
import { stowOne, writeHeaders } from './stow';

const CT_SERIES = 'series/ct-philips-head-phantom-1mm/';

/**
 * A copy of the corpus CT under fresh Study/Series UIDs (patient and pixels unchanged), stored on
 * one gateway: replies add series to the study they answer, and the shared corpus CT must stay as
 * other specs expect it. The first `slices` slices by Instance Number.
 */
export async function storeCtCopy(gatewayUrl: string, slices: number): Promise<{ study: string; series: string }> {
  const ct = manifest.entries.find((entry) => entry.path === CT_SERIES);
  if (!ct) throw new Error(`The corpus has no ${CT_SERIES}`);
  const files = entryFiles({
    ...ct,
    files: [...(ct.files ?? [])].sort((a, b) => (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0)).slice(0, slices),
  });
  if (files.length < slices) throw new Error(`The corpus CT has only ${files.length} files`);
  const headers = await writeHeaders(gatewayUrl);
  const study = randomUid();
  const series = randomUid();
  for (const file of files) {
    const copy = withFreshUids(new Uint8Array(await readFile(file)), {
      study,
      series,
      sop: randomUid(),
    });
    const stored = await stowOne(`${gatewayUrl}/dicomweb`, copy, headers);
    if (stored.status !== 200) throw new Error(`STOW of ${file} answered ${stored.status}: ${stored.text}`);
  }
  return { study, series };
}

/** The study's series as QIDO-RS lists them to a context signed in to the gateway, with their Patient ID. */
export async function studySeries(
  request: APIRequestContext,
  gatewayUrl: string,
  study: string,
): Promise<DicomJsonDataset[]> {
  const response = await request.get(`${gatewayUrl}/dicomweb/studies/${study}/series?includefield=00100020`, {
    headers: { accept: 'application/dicom+json' },
  });
  if (response.status() !== 200) throw new Error(`Series search answered ${response.status()}`);
  return (await response.json()) as DicomJsonDataset[];
}

/** Every instance of a series as Part 10 bytes (WADO-RS), as stored. */
export async function retrieveSeries(
  request: APIRequestContext,
  gatewayUrl: string,
  study: string,
  series: string,
): Promise<Uint8Array[]> {
  const response = await request.get(`${gatewayUrl}/dicomweb/studies/${study}/series/${series}`, {
    headers: { accept: 'multipart/related; type="application/dicom"; transfer-syntax=*' },
  });
  if (response.status() !== 200) throw new Error(`Series retrieve answered ${response.status()}`);
  const boundary = parseMediaType(response.headers()['content-type'])?.params.boundary;
  if (!boundary) throw new Error('The retrieve answer has no multipart boundary');
  return parseMultipart(new Uint8Array(await response.body()), boundary).map((part) => part.body);
}

/** A series' instances as DICOM JSON (WADO-RS metadata): what the viewer reads an SR from. */
export async function seriesMetadata(
  request: APIRequestContext,
  gatewayUrl: string,
  study: string,
  series: string,
): Promise<DicomJsonDataset[]> {
  const response = await request.get(`${gatewayUrl}/dicomweb/studies/${study}/series/${series}/metadata`, {
    headers: { accept: 'application/dicom+json' },
  });
  if (response.status() !== 200) throw new Error(`Series metadata answered ${response.status()}`);
  return (await response.json()) as DicomJsonDataset[];
}

export const modalityOf = (series: DicomJsonDataset) => firstString(series, '00080060');
export const seriesUidOf = (series: DicomJsonDataset) => firstString(series, '0020000E')!;
export const patientIdOf = (dataset: DicomJsonDataset) => firstString(dataset, '00100020');
