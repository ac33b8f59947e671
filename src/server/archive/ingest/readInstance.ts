import { readFile, rm } from 'node:fs/promises';
import { Part10Error, part10ToJson, type Part10Json } from '../../../dicom/part10Json';
import { InflateError } from '../deflated/inflate';
import { isDeflatedDataSet, type InflatedRenditions, type PendingRendition } from '../deflated/renditions';
import { readFileMeta } from '../wado/dicomParser';
import type { IngestFailure } from './outcome';

interface ReadInstance {
  parsed: Part10Json;
  /** The bytes whose Pixel Data WADO-RS will serve: the file, or a deflated file's inflated rendition. */
  layoutSource: Uint8Array;
  /** A deflated file's inflated data set, in tmp/: the caller installs it in the cache or removes it. */
  rendition?: PendingRendition;
}

/**
 * Parses a file for ingest or reindex: its JSON, or why it cannot be stored. A deflated data set
 * is inflated once, streaming into its rendition and refused past MAX_INFLATED_BYTES; the JSON is
 * then read from the rendition's bytes, so the file is never inflated in memory a second time.
 */
export async function readInstance(
  bytes: Uint8Array,
  renditions: InflatedRenditions,
): Promise<ReadInstance | IngestFailure> {
  const meta = readFileMeta(bytes);
  if (meta === undefined || !isDeflatedDataSet(meta.transferSyntaxUID)) return parse(bytes, bytes);
  let rendition: PendingRendition;
  try {
    rendition = await renditions.inflate(bytes, meta.position, meta);
  } catch (error) {
    if (!(error instanceof InflateError)) throw error;
    return { ok: false, code: error.tooLarge ? 'OUT_OF_RESOURCES' : 'MALFORMED', reason: error.message };
  }
  let result: ReadInstance | IngestFailure | undefined;
  try {
    const renditionBytes = new Uint8Array(await readFile(rendition.temp));
    const inflated = renditionBytes.subarray(rendition.headerLength);
    result = parse(bytes, renditionBytes, () => inflated);
    return 'ok' in result ? result : { ...result, rendition };
  } finally {
    if (result === undefined || 'ok' in result) await rm(rendition.temp, { force: true });
  }
}

function parse(
  bytes: Uint8Array,
  layoutSource: Uint8Array,
  inflate?: (deflated: Uint8Array) => Uint8Array,
): ReadInstance | IngestFailure {
  try {
    return { parsed: part10ToJson(bytes, inflate && { inflate }), layoutSource };
  } catch (error) {
    if (error instanceof Part10Error) return { ok: false, code: error.code, reason: error.message };
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, code: 'MALFORMED', reason: `The file could not be parsed as DICOM (${detail.slice(0, 200)})` };
  }
}
