import dcmjs from 'dcmjs';
import { demoUid } from './demoUid';

const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const IMPLEMENTATION_CLASS_UID = demoUid('secondread/implementation-class');
const IMPLEMENTATION_VERSION_NAME = 'SECONDREAD_DEMO';

/**
 * A dataset in dcmjs's naturalized form: standard keywords as keys. `_vrMap` names the VR of
 * elements whose dictionary VR is ambiguous (PixelData is OB or OW, some US-or-SS elements).
 */
interface NaturalDataset {
  readonly SOPClassUID: string;
  readonly SOPInstanceUID: string;
  readonly [keyword: string]: unknown;
}

/** Pixel data as the bytes of one element; 16-bit samples must already be little endian. */
interface PixelBytes {
  readonly bytes: Uint8Array;
  readonly bitsAllocated: 8 | 16;
}

/**
 * Writes a DICOM Part 10 file: preamble, File Meta Information (PS3.10 7.1) and the dataset in
 * Explicit VR Little Endian.
 */
export function writePart10(dataset: NaturalDataset, pixels: PixelBytes): Uint8Array {
  const { DicomDict, DicomMetaDictionary } = dcmjs.data;
  const meta = DicomMetaDictionary.denaturalizeDataset({
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: dataset.SOPClassUID,
    MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
    TransferSyntaxUID: EXPLICIT_VR_LITTLE_ENDIAN,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
  });
  const { bytes } = pixels;
  const exact =
    bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes.buffer : bytes.slice().buffer;
  const vrMap = (dataset._vrMap ?? {}) as Record<string, string>;
  const dict = new DicomDict(meta);
  dict.dict = DicomMetaDictionary.denaturalizeDataset({
    ...dataset,
    PixelData: [exact],
    _vrMap: { ...vrMap, PixelData: pixels.bitsAllocated === 8 ? 'OB' : 'OW' },
  });
  return new Uint8Array(dict.write());
}

const LITTLE_ENDIAN_PLATFORM = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Little-endian bytes of 16-bit samples, whatever the platform's byte order. */
export function littleEndianBytes(samples: Int16Array | Uint16Array): Uint8Array {
  if (LITTLE_ENDIAN_PLATFORM) return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) view.setUint16(i * 2, (samples[i] ?? 0) & 0xffff, true);
  return bytes;
}
