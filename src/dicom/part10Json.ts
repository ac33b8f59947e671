/**
 * DICOM Part 10 bytes → DICOM JSON (PS3.18 F.2), for the archive index, WADO-RS metadata and
 * QIDO-RS. Isomorphic: bytes in, plain objects out. The structure is parsed by dicom-parser, text
 * is decoded by dicom-character-set (ISO 2022 code extensions included); this file only maps
 * parsed elements to the JSON model and explains, in a sentence, why a file cannot be read.
 */
import dcmjs from 'dcmjs';
import dicomParser, { type DataSet, type Element } from 'dicom-parser';
import { convertBytes } from 'dicom-character-set';
import { inflateSync } from 'fflate';
import { withDefinedLengthUn } from './bigEndianUn';
import type { DicomJsonDataset, DicomJsonElement, DicomJsonValue, PersonNameValue } from './json';

/**
 * Binary values up to this many bytes are sent inline (PS3.18 F.2.7 InlineBinary); longer ones,
 * and pixel data of any size, become BulkDataURIs. 1 KiB keeps metadata small while sparing
 * clients a request per tiny private OB value.
 */
export const INLINE_BINARY_MAX_BYTES = 1024;

export type Part10ErrorCode =
  'NOT_DICOM' | 'TRUNCATED' | 'BAD_FILE_META' | 'UNSUPPORTED_TRANSFER_SYNTAX' | 'MALFORMED' | 'INVALID_VALUE';

/** Why a file cannot be read; `message` is a sentence a user can act on. */
export class Part10Error extends Error {
  override name = 'Part10Error';
  constructor(
    readonly code: Part10ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface Part10Json {
  transferSyntaxUID: string;
  /** The data set without File Meta, group lengths, command elements or trailing padding. */
  dataset: DicomJsonDataset;
  /** File Meta Information (group 0002); undefined when the file has none. */
  fileMeta: DicomJsonDataset | undefined;
  /** Offset of the data set in the input (after preamble, prefix and File Meta). */
  datasetOffset: number;
  /** What was tolerated, as sentences. */
  warnings: string[];
  /** Bytes after the last data element that were not a data element (dropped from `dataset`); 0 when none. */
  trailingBytes: number;
}

/** The warning for `trailingBytes`, so a caller can tell it from the others. */
export function trailingGarbageWarning(bytes: number): string {
  return `${bytes} bytes after the data set are not a data element: they were left out of the index`;
}

/**
 * Numbers that decide how many frames there are and what a stored pixel value means: a file
 * where one of them is not a number cannot be shown faithfully, so it stays an error. Any other
 * IS or DS that is not a number is left out of the JSON, with a warning.
 */
const STRUCTURAL_NUMBERS = new Set(['00280008', '00281052', '00281053']);

const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const DEFLATED_LE = '1.2.840.10008.1.2.1.99';
const EXPLICIT_BE = '1.2.840.10008.1.2.2';

/** Transfer syntaxes of PS3.5 Annex A / PS3.6 Table A-1 that dicom-parser can lay out. */
const TRANSFER_SYNTAXES = new Set([
  IMPLICIT_LE,
  EXPLICIT_LE,
  DEFLATED_LE,
  EXPLICIT_BE,
  '1.2.840.10008.1.2.5',
  '1.2.840.10008.1.2.8.1',
  ...[50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 70, 80, 81, 90, 91, 92, 93, 94, 95].map(
    (n) => `1.2.840.10008.1.2.4.${n}`,
  ),
  ...[100, 101, 102, 103, 104, 105, 106, 107, 108, 110, 111, 112, 201, 202, 203, 204].map(
    (n) => `1.2.840.10008.1.2.4.${n}`,
  ),
]);

const VRS = new Set(
  'AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV'.split(' '),
);
const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
/** Text that takes the Specific Character Set (PS3.5 6.1.2.3); other string VRs are the default repertoire. */
const CHARSET_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'UC', 'UT', 'PN']);
/** Single-valued text: a backslash is a character, not a value separator (PS3.5 6.2). */
const UNSPLIT_VRS = new Set(['LT', 'ST', 'UT', 'UR']);
const NUMBER_SIZES: Record<string, number> = { US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, UV: 8, SV: 8 };
const WORD_SIZES: Record<string, number> = { OW: 2, OF: 4, OL: 4, OD: 8, OV: 8 };
const PIXEL_TAGS = new Set(['7FE00010', '7FE00008', '7FE00009']);
const latin1 = new TextDecoder('latin1');
const { dictionary } = dcmjs.data.DicomMetaDictionary;

interface Part10Options {
  /**
   * Inflates a deflated data set (PS3.5 A.5); by default fflate does, without a size limit. The
   * server passes its own, capped, so a deflate bomb is refused before it fills memory.
   */
  inflate?: (deflated: Uint8Array) => Uint8Array;
  /**
   * Binary values longer than this become BulkDataURIs (pixel data always does). A browser reading
   * files from its own device has no server to fetch bulk data from, so it keeps every value inline.
   */
  inlineBinaryMaxBytes?: number;
}

/** Parses a Part 10 file (or a bare data set, encoding detected) into DICOM JSON. Throws Part10Error. */
export function part10ToJson(input: Uint8Array | ArrayBuffer, options: Part10Options = {}): Part10Json {
  const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
  if (bytes.length === 0) throw new Part10Error('NOT_DICOM', 'Not a DICOM file: the file is empty');
  const hasPrefix = bytes.length >= 132 && latin1.decode(bytes.subarray(128, 132)) === 'DICM';
  const meta = hasPrefix ? readFileMeta(bytes) : undefined;
  const transferSyntaxUID = meta ? text(meta, 'x00020010') : guessRawTransferSyntax(bytes);
  if (transferSyntaxUID === undefined) {
    throw new Part10Error(
      meta ? 'BAD_FILE_META' : 'NOT_DICOM',
      meta
        ? 'The File Meta Information has no Transfer Syntax UID (0002,0010)'
        : 'Not a DICOM file: no DICM prefix and no parseable data set',
    );
  }
  if (!TRANSFER_SYNTAXES.has(transferSyntaxUID)) {
    throw new Part10Error(
      'UNSUPPORTED_TRANSFER_SYNTAX',
      `Unsupported transfer syntax ${transferSyntaxUID.slice(0, 64)}: it is not a DICOM standard transfer syntax this archive can read`,
    );
  }
  const warnings: string[] = [];
  const trailing = { bytes: 0 };
  const un = transferSyntaxUID === EXPLICIT_BE ? withDefinedLengthUn(bytes, meta?.position ?? 0) : undefined;
  for (const tag of un?.tags ?? [])
    warnings.push(
      `${label(tag)} is a UN value of undefined length in a big endian data set: it was indexed as bytes, not as a sequence`,
    );
  const parsed = parse(
    un?.bytes ?? bytes,
    meta === undefined ? transferSyntaxUID : undefined,
    transferSyntaxUID,
    warnings,
    trailing,
    options.inflate ?? inflateSync,
  );
  const context: Context = {
    littleEndian: transferSyntaxUID !== EXPLICIT_BE,
    charset: undefined,
    pixelRepresentation: parsed.uint16('x00280103') ?? 0,
    inlineBinaryMaxBytes: options.inlineBinaryMaxBytes ?? INLINE_BINARY_MAX_BYTES,
    warnings,
  };
  const dataset = convertDataSet(
    parsed,
    context,
    'bulk',
    (tag) => !/^(0000|0002|FFFC|FFFE)/.test(tag) && !tag.endsWith('0000'),
  );
  if (!Object.keys(dataset).some((tag) => tag >= '00080000')) {
    throw new Part10Error('NOT_DICOM', 'Not a DICOM file: no DICM prefix and no parseable data set');
  }
  const fileMeta =
    meta && convertDataSet(meta, { ...context, littleEndian: true }, 'bulk', (tag) => tag !== '00020000');
  return {
    transferSyntaxUID,
    dataset,
    fileMeta,
    datasetOffset: meta?.position ?? 0,
    warnings,
    trailingBytes: trailing.bytes,
  };
}

/** The File Meta group (PS3.10 7.1), which must be complete. */
function readFileMeta(bytes: Uint8Array): DataSet & { position: number } {
  if (bytes.length === 132) {
    throw new Part10Error('NOT_DICOM', 'Not a DICOM file: it has a preamble and DICM prefix, then nothing');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const startsWithGroupLength =
    bytes.length >= 144 && view.getUint32(132, true) === 0x00000002 && latin1.decode(bytes.subarray(136, 138)) === 'UL';
  if (startsWithGroupLength && 144 + view.getUint32(140, true) > bytes.length) {
    throw new Part10Error('TRUNCATED', 'Truncated: the file ends inside the File Meta Information');
  }
  try {
    return dicomParser.readPart10Header(bytes);
  } catch {
    throw new Part10Error('BAD_FILE_META', 'The File Meta Information cannot be read: it is truncated or malformed');
  }
}

/**
 * A data set without File Meta starts with its lowest group: (0008,xxxx) or below for any
 * composite instance, or (0000,0000) in old ACR-NEMA files. That, and whether bytes 4–5 spell
 * a VR, tells implicit from explicit and little from big endian (as dcmtk and pydicom guess).
 */
function guessRawTransferSyntax(bytes: Uint8Array): string | undefined {
  if (bytes.length < 8) return undefined;
  const plausible = (group: number) => group <= 0x0008 && group % 2 === 0;
  const explicit = VRS.has(String.fromCharCode(bytes[4]!, bytes[5]!));
  if (plausible(bytes[0]! | (bytes[1]! << 8))) return explicit ? EXPLICIT_LE : IMPLICIT_LE;
  if (explicit && plausible((bytes[0]! << 8) | bytes[1]!)) return EXPLICIT_BE;
  return undefined;
}

function parse(
  bytes: Uint8Array,
  rawTransferSyntax: string | undefined,
  transferSyntaxUID: string,
  warnings: string[],
  trailing: { bytes: number },
  inflate: (deflated: Uint8Array) => Uint8Array,
): DataSet {
  // dicom-parser reads the returned bytes from offset 0, so only the inflated data set is returned.
  const inflater = (deflatedFile: Uint8Array, position: number) => {
    try {
      return inflate(deflatedFile.subarray(position));
    } catch (error) {
      if (error instanceof Part10Error) throw error;
      throw new Part10Error('MALFORMED', 'The deflated data set cannot be inflated: the deflate stream is corrupt');
    }
  };
  try {
    return dicomParser.parseDicom(bytes, { TransferSyntaxUID: rawTransferSyntax, vrCallback: implicitVr, inflater });
  } catch (error) {
    const partial =
      typeof error === 'object' && error !== null && 'dataSet' in error ? (error.dataSet as DataSet) : undefined;
    const cause = typeof error === 'object' && error !== null && 'exception' in error ? error.exception : error;
    if (cause instanceof Part10Error) throw cause;
    const recovered = partial && withoutTrailingGarbage(partial, warnings, trailing);
    if (recovered) return recovered;
    throw explainParseError(cause, partial, bytes, transferSyntaxUID);
  }
}

/**
 * Garbage after the last element reads as a tag in group FFFF, which does not exist (PS3.5 7.1):
 * the data set before it is whole, so it is kept and the garbage dropped, as dcmtk does.
 */
function withoutTrailingGarbage(
  partial: DataSet,
  warnings: string[],
  trailing: { bytes: number },
): DataSet | undefined {
  const last = lastElement(partial);
  if (!last?.tag.startsWith('xffff') || Object.keys(partial.elements).length < 2) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- dicom-parser keys elements by tag; this one is garbage
  delete partial.elements[last.tag];
  const end = Object.values(partial.elements).reduce((at, e) => Math.max(at, e.dataOffset + e.length), 0);
  trailing.bytes = partial.byteArray.length - end;
  warnings.push(trailingGarbageWarning(trailing.bytes));
  return partial;
}

function lastElement(dataSet: DataSet): Element | undefined {
  return Object.values(dataSet.elements)
    .filter((e) => !e.tag.startsWith('x0002'))
    .reduce<Element | undefined>((a, e) => (a === undefined || e.dataOffset > a.dataOffset ? e : a), undefined);
}

/** Turns dicom-parser's exception into a sentence about where the file stops making sense. */
function explainParseError(
  cause: unknown,
  partial: DataSet | undefined,
  bytes: Uint8Array,
  declared: string,
): Part10Error {
  const message = (cause instanceof Error ? cause.message : String(cause)).replace(/^[\w.:]+: /, '');
  if (declared === DEFLATED_LE) {
    return new Part10Error(
      'MALFORMED',
      `The deflated data set is corrupt: once inflated it cannot be parsed (${message})`,
    );
  }
  const last = partial && lastElement(partial);
  const length = partial?.byteArray.length ?? bytes.length;
  if (partial === undefined || Object.keys(partial.elements).length < 3) {
    const mismatch = datasetEncodingMismatch(bytes, declared);
    if (mismatch) return new Part10Error('MALFORMED', mismatch);
  }
  if (last?.hadUndefinedLength && last.encapsulatedPixelData !== undefined) {
    return new Part10Error(
      'TRUNCATED',
      `Truncated: the file ends inside the encapsulated Pixel Data ${label(last.tag)}: a fragment runs past the end of the file`,
    );
  }
  if (last && last.dataOffset + last.length > length) {
    return new Part10Error(
      'TRUNCATED',
      `Truncated: the file ends inside element ${label(last.tag)}, which declares ${last.length} bytes but only ${Math.max(0, length - last.dataOffset)} remain`,
    );
  }
  const where = last ? ` after ${label(last.tag)}` : '';
  if (/past end|overrun|maxPosition/i.test(message)) {
    return new Part10Error('TRUNCATED', `Truncated: the file ends inside the data element${where}`);
  }
  return new Part10Error('MALFORMED', `The data set cannot be parsed${where} (${message})`);
}

function datasetEncodingMismatch(bytes: Uint8Array, declared: string): string | undefined {
  let offset: number;
  try {
    offset = dicomParser.readPart10Header(bytes).position;
  } catch {
    return undefined;
  }
  const actual = guessRawTransferSyntax(bytes.subarray(offset));
  if (
    actual === undefined ||
    actual === declared ||
    (actual === EXPLICIT_LE && declared !== IMPLICIT_LE && declared !== EXPLICIT_BE)
  )
    return undefined;
  const names: Record<string, string> = {
    [IMPLICIT_LE]: 'Implicit VR Little Endian',
    [EXPLICIT_LE]: 'Explicit VR Little Endian',
    [EXPLICIT_BE]: 'Explicit VR Big Endian',
  };
  return `The data set is encoded as ${names[actual]}, but the File Meta declares transfer syntax ${declared}`;
}

interface Context {
  littleEndian: boolean;
  charset: string | undefined;
  pixelRepresentation: number;
  inlineBinaryMaxBytes: number;
  warnings: string[];
}

function convertDataSet(
  ds: DataSet,
  parent: Context,
  bulkPrefix: string,
  keep: (tag: string) => boolean,
): DicomJsonDataset {
  const charsetElement = ds.elements.x00080005;
  const context = charsetElement
    ? { ...parent, charset: readString(ds, charsetElement, { ...parent, charset: undefined }, 'CS') }
    : parent;
  const out: DicomJsonDataset = {};
  for (const element of Object.values(ds.elements).sort((a, b) => (a.tag < b.tag ? -1 : 1))) {
    const tag = element.tag.slice(1).toUpperCase();
    if (!keep(tag)) continue;
    out[tag] = convertElement(ds, element, tag, context, `${bulkPrefix}/${tag}`);
  }
  return out;
}

function convertElement(
  ds: DataSet,
  element: Element,
  tag: string,
  context: Context,
  bulkUri: string,
): DicomJsonElement {
  const declared = element.vr && VRS.has(element.vr) ? element.vr : undefined;
  if (element.vr !== undefined && declared === undefined) {
    throw new Part10Error(
      'MALFORMED',
      `Element ${label(element.tag)} has the invalid value representation "${element.vr.slice(0, 2)}"`,
    );
  }
  if (element.items) {
    const items = element.items.map((item, index) =>
      item.dataSet
        ? convertDataSet(
            item.dataSet,
            context,
            `${bulkUri}/${index}`,
            (t) => !t.startsWith('FFFE') && !t.endsWith('0000'),
          )
        : {},
    );
    return items.length > 0 ? { vr: 'SQ', Value: items } : { vr: 'SQ' };
  }
  if (!element.hadUndefinedLength && element.dataOffset + element.length > ds.byteArray.length) {
    throw new Part10Error(
      'TRUNCATED',
      `Truncated: the file ends inside element ${label(element.tag)}, which declares ${element.length} bytes but only ${Math.max(0, ds.byteArray.length - element.dataOffset)} remain`,
    );
  }
  // UN holds a value whose VR the sender did not know; when the dictionary knows it, read it as that (PS3.5 6.2.2).
  const vr =
    declared === undefined || declared === 'UN' ? (dictionaryVr(tag, context.pixelRepresentation) ?? 'UN') : declared;
  if (element.encapsulatedPixelData || PIXEL_TAGS.has(tag))
    return { vr: vr === 'UN' ? 'OB' : vr, BulkDataURI: bulkUri };
  if (element.length === 0) return { vr };
  if (BINARY_VRS.has(vr)) return binary(ds, element, vr, context, bulkUri);
  let Value: DicomJsonValue[];
  try {
    Value = values(ds, element, vr, context);
  } catch (error) {
    if (!(error instanceof Part10Error) || error.code !== 'INVALID_VALUE' || STRUCTURAL_NUMBERS.has(tag)) throw error;
    // The file keeps the value as sent; the JSON (index, metadata) cannot hold a number that is not one.
    context.warnings.push(`${error.message}: kept in the file as sent, left out of the index`);
    return { vr };
  }
  return Value.length > 0 ? { vr, Value } : { vr };
}

function values(ds: DataSet, element: Element, vr: string, context: Context): DicomJsonValue[] {
  const size = NUMBER_SIZES[vr];
  if (size !== undefined) return numbers(ds, element, vr, size, context);
  if (vr === 'AT') {
    const out: string[] = [];
    const view = viewOf(ds, element);
    for (let at = 0; at + 4 <= element.length; at += 4) {
      const group = view.getUint16(at, context.littleEndian);
      const elementNumber = view.getUint16(at + 2, context.littleEndian);
      out.push(((group << 16) | elementNumber).toString(16).toUpperCase().padStart(8, '0'));
    }
    return out;
  }
  const raw = readString(ds, element, context, vr);
  const parts = UNSPLIT_VRS.has(vr) ? [raw] : raw.split('\\');
  if (parts.every((p) => p.trim() === '')) return [];
  return parts.map((part) => stringValue(part, vr, element));
}

function stringValue(part: string, vr: string, element: Element): DicomJsonValue {
  if (vr === 'PN') {
    const groups = part.replace(/[ \0]+$/, '').split('=');
    const name: PersonNameValue = {};
    const keys = ['Alphabetic', 'Ideographic', 'Phonetic'] as const;
    groups.slice(0, 3).forEach((group, i) => {
      const trimmed = group.replace(/ +$/, '');
      if (trimmed !== '') name[keys[i]!] = trimmed;
    });
    return Object.keys(name).length > 0 ? name : null;
  }
  const trimmed = UNSPLIT_VRS.has(vr) ? part.replace(/[ \0]+$/, '') : part.replace(/\0+$/, '').trim();
  if (trimmed === '') return null;
  if (vr === 'DS' || vr === 'IS') {
    const number = Number(trimmed);
    if (!Number.isFinite(number) || (vr === 'IS' && !Number.isInteger(number)) || !/^[+-]?[0-9.]/.test(trimmed)) {
      const keyword = dictionary[`(${element.tag.slice(1, 5)},${element.tag.slice(5, 9)})`.toUpperCase()]?.name;
      throw new Part10Error(
        'INVALID_VALUE',
        `Element ${label(element.tag)}${keyword ? ` ${keyword}` : ''} has the value "${trimmed.slice(0, 32)}", which is not a valid ${vr === 'IS' ? 'integer string (IS)' : 'decimal string (DS)'}`,
      );
    }
    return number;
  }
  return trimmed;
}

function numbers(ds: DataSet, element: Element, vr: string, size: number, context: Context): DicomJsonValue[] {
  const view = viewOf(ds, element);
  const out: DicomJsonValue[] = [];
  const le = context.littleEndian;
  for (let at = 0; at + size <= element.length; at += size) {
    if (vr === 'US') out.push(view.getUint16(at, le));
    else if (vr === 'SS') out.push(view.getInt16(at, le));
    else if (vr === 'UL') out.push(view.getUint32(at, le));
    else if (vr === 'SL') out.push(view.getInt32(at, le));
    else if (vr === 'FL') out.push(finite(view.getFloat32(at, le)));
    else if (vr === 'FD') out.push(finite(view.getFloat64(at, le)));
    else {
      // PS3.18 F.2.3.1: 64-bit integers beyond 2^53 travel as strings.
      const big = vr === 'UV' ? view.getBigUint64(at, le) : view.getBigInt64(at, le);
      out.push(
        big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(big) : big.toString(),
      );
    }
  }
  if (element.length % size !== 0)
    context.warnings.push(
      `Element ${label(element.tag)} has a length that is not a multiple of ${size}; the extra bytes were ignored`,
    );
  return out;
}

/** JSON has no NaN or Infinity; PS3.18 F.2.3.1 allows the strings "NaN", "Infinity", "-Infinity". */
function finite(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

function binary(ds: DataSet, element: Element, vr: string, context: Context, bulkUri: string): DicomJsonElement {
  if (element.hadUndefinedLength || element.length > context.inlineBinaryMaxBytes) return { vr, BulkDataURI: bulkUri };
  const value = ds.byteArray.slice(element.dataOffset, element.dataOffset + element.length);
  const word = WORD_SIZES[vr];
  // InlineBinary is little endian whatever the transfer syntax (PS3.18 F.2.7).
  if (!context.littleEndian && word !== undefined) {
    for (let at = 0; at + word <= value.length; at += word) value.subarray(at, at + word).reverse();
  }
  let binaryString = '';
  for (let at = 0; at < value.length; at += 0x8000)
    binaryString += String.fromCharCode(...value.subarray(at, at + 0x8000));
  return { vr, InlineBinary: btoa(binaryString) };
}

function readString(ds: DataSet, element: Element, context: Context, vr: string): string {
  const bytes = ds.byteArray.subarray(element.dataOffset, element.dataOffset + element.length);
  const charset = context.charset?.trim();
  if (CHARSET_VRS.has(vr) && charset) {
    // Writers often switch back to ASCII (ESC ( B) without listing ISO 2022 IR 6; dcmtk accepts that too.
    for (const candidate of [charset, `${charset}\\ISO 2022 IR 6`]) {
      try {
        return convertBytes(candidate, bytes, { vr });
      } catch {
        continue;
      }
    }
    context.warnings.push(
      `Text in element ${label(element.tag)} does not decode as Specific Character Set "${charset.slice(0, 64)}"; it was read as ISO 8859-1`,
    );
  }
  // Undeclared text is read as ISO 8859-1, a superset of the default repertoire, as pydicom does.
  return latin1.decode(bytes);
}

function viewOf(ds: DataSet, element: Element): DataView {
  return new DataView(ds.byteArray.buffer, ds.byteArray.byteOffset + element.dataOffset, element.length);
}

function text(
  ds: DataSet | { elements: Record<string, Element & { Value?: string }> },
  tag: string,
): string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- without it the union's element reads as an error type
  const element = ds.elements[tag] as (Element & { Value?: string }) | undefined;
  if (element === undefined) return undefined;
  if (typeof element.Value === 'string') return element.Value;
  return 'byteArray' in ds
    ? latin1
        .decode(ds.byteArray.subarray(element.dataOffset, element.dataOffset + element.length))
        .replace(/[\0 ]+$/, '')
        .trim()
    : undefined;
}

/**
 * VR for implicit data sets while parsing. "US or SS" is left open here: it depends on Pixel
 * Representation, which is only known once the data set is read, so convertElement resolves it.
 */
function implicitVr(rawTag: string): string | undefined {
  const tag = rawTag.slice(1).toUpperCase();
  return dictionary[`(${tag.slice(0, 4)},${tag.slice(4)})`]?.vr === 'xs' ? undefined : dictionaryVr(tag, 0);
}

function dictionaryVr(tag: string, pixelRepresentation: number): string | undefined {
  const group = parseInt(tag.slice(0, 4), 16);
  if (group % 2 === 1)
    return parseInt(tag.slice(4, 6), 16) === 0 && parseInt(tag.slice(6), 16) >= 0x10 ? 'LO' : undefined;
  // Overlay and curve groups repeat (60xx, 50xx); the dictionary lists the first.
  const lookupGroup =
    (group & 0xff00) === 0x6000 || (group & 0xff00) === 0x5000 ? tag.slice(0, 2) + '00' : tag.slice(0, 4);
  const vr = dictionary[`(${lookupGroup},${tag.slice(4)})`]?.vr;
  if (vr === undefined) return undefined;
  if (vr === 'ox') return 'OW';
  if (vr === 'xs') return pixelRepresentation === 1 ? 'SS' : 'US';
  if (vr === 'lt') return 'OW';
  return VRS.has(vr) ? vr : undefined;
}

function label(rawTag: string): string {
  const tag = rawTag.replace(/^x/, '').toUpperCase();
  return `(${tag.slice(0, 4)},${tag.slice(4, 8)})`;
}
