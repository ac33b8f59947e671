import { createRequire } from 'node:module';
import dcmjs from 'dcmjs';
import type * as DicomParserModule from 'dicom-parser';

// dicom-parser is a UMD bundle: loaded through require, as archive/wado/dicomParser.ts explains.
const dicomParser = createRequire(import.meta.url)('dicom-parser') as typeof DicomParserModule;

const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_BE = '1.2.840.10008.1.2.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const DEFLATED_LE = '1.2.840.10008.1.2.1.99';
/** Tag (4) and length (4) in implicit VR; tag (4), VR (2) and length (2) for an explicit LO: 8 bytes either way. */
const HEADER_LENGTH = 8;

/**
 * A Part 10 file with Patient ID (0010,0020) set to `patientID` (LO: at most 64 characters, no
 * backslash). Where the file has the element and a plain (not deflated) encoding, only its value
 * and length change, so every other byte stays as it was, pixel data and private tags included.
 * Otherwise the file is written again by dcmjs, which keeps the values but may re-encode them (a
 * deflated data set is written inflated, as Explicit VR Little Endian).
 */
export function withPatientID(bytes: Uint8Array, patientID: string): Uint8Array {
  return splice(bytes, patientID) ?? rewrite(bytes, patientID);
}

function splice(bytes: Uint8Array, patientID: string): Uint8Array | undefined {
  let dataSet: DicomParserModule.DataSet;
  try {
    dataSet = dicomParser.parseDicom(bytes, { untilTag: 'x00100021' });
  } catch {
    return undefined;
  }
  const syntax = dataSet.string('x00020010');
  const element = dataSet.elements.x00100020;
  if (syntax === undefined || syntax === DEFLATED_LE || element === undefined) return undefined;
  const value = new TextEncoder().encode(patientID.length % 2 === 0 ? patientID : `${patientID} `);
  const implicit = syntax === IMPLICIT_LE;
  const bigEndian = syntax === EXPLICIT_BE;
  const start = element.dataOffset - HEADER_LENGTH;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The element's own header must be where dicom-parser says; anything else is left to dcmjs.
  const group = view.getUint16(start, !bigEndian);
  const number = view.getUint16(start + 2, !bigEndian);
  if (group !== 0x0010 || number !== 0x0020) return undefined;
  if (!implicit && String.fromCharCode(bytes[start + 4]!, bytes[start + 5]!) !== 'LO') return undefined;
  const header = bytes.slice(start, element.dataOffset);
  const headerView = new DataView(header.buffer);
  if (implicit) headerView.setUint32(4, value.length, true);
  else headerView.setUint16(6, value.length, !bigEndian);
  const out = new Uint8Array(bytes.length - element.length + value.length);
  out.set(bytes.subarray(0, start), 0);
  out.set(header, start);
  out.set(value, start + header.length);
  out.set(bytes.subarray(element.dataOffset + element.length), start + header.length + value.length);
  return out;
}

function rewrite(bytes: Uint8Array, patientID: string): Uint8Array {
  const copy = bytes.slice().buffer;
  const dicom = dcmjs.data.DicomMessage.readFile(copy);
  dicom.dict['00100020'] = { vr: 'LO', Value: [patientID] };
  // dcmjs reads a deflated data set inflated and writes it so: the file says Explicit VR Little Endian (lossless).
  const syntax = dicom.meta['00020010'];
  if (syntax?.Value?.[0] === DEFLATED_LE) syntax.Value = [EXPLICIT_LE];
  // Values that break their VR's length limit were accepted into quarantine as they are; they stay as they are.
  return new Uint8Array(dicom.write({ allowInvalidVRLength: true }));
}
