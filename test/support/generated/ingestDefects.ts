import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';

/**
 * One small Part 10 file per defect class of issue 14 part 4, each a valid Secondary Capture
 * image (16 × 16, 16-bit) with exactly one thing wrong, and what the archive must answer. Written
 * element by element, not through dcmjs, because dcmjs would correct the very defects under test.
 */
interface IngestDefect {
  /** Unique; also the seed of the file's UIDs. */
  readonly name: string;
  readonly bytes: Uint8Array;
  /** A file stored before this one, with the same SOP Instance UID (the identity-change case). */
  readonly prior?: Uint8Array;
  readonly expect:
    | { readonly outcome: 'stored'; readonly warningReason: number; readonly comment: RegExp }
    | { readonly outcome: 'refused'; readonly failureReason: number; readonly comment: RegExp };
}

/** Largest inflated data set the archive under test takes: the deflate-bomb defect inflates past it. */
export const DEFECT_MAX_INFLATED_BYTES = 1024 * 1024;

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const EXPLICIT_BE = '1.2.840.10008.1.2.2';
const DEFLATED = '1.2.840.10008.1.2.1.99';
const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';
const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';
const CT = '1.2.840.10008.5.1.4.1.1.2';
const ROWS = 16;
const COLUMNS = 16;
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const UNDEFINED = 0xffffffff;

/** One data element: tag as 0xGGGGEEEE, VR, value bytes (already in the data set's byte order). */
interface Element {
  tag: number;
  vr: string;
  value: Uint8Array;
  /** Written with undefined length (the value then carries its own items and delimiter). */
  undefinedLength?: boolean;
}

const ascii = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));

function str(tag: number, vr: string, value: string): Element {
  const bytes = ascii(value);
  if (bytes.length % 2 === 0) return { tag, vr, value: bytes };
  return { tag, vr, value: Uint8Array.from([...bytes, vr === 'UI' ? 0 : 0x20]) };
}

function us(tag: number, value: number, littleEndian: boolean): Element {
  const bytes = new Uint8Array(2);
  new DataView(bytes.buffer).setUint16(0, value, littleEndian);
  return { tag, vr: 'US', value: bytes };
}

function encode(elements: Element[], littleEndian: boolean): Uint8Array {
  const chunks = elements
    .slice()
    .sort((a, b) => a.tag - b.tag)
    .map(({ tag, vr, value, undefinedLength }) => {
      const long = LONG_VRS.has(vr);
      const header = new Uint8Array(long ? 12 : 8);
      const view = new DataView(header.buffer);
      view.setUint16(0, tag >>> 16, littleEndian);
      view.setUint16(2, tag & 0xffff, littleEndian);
      header[4] = vr.charCodeAt(0);
      header[5] = vr.charCodeAt(1);
      if (long) view.setUint32(8, undefinedLength ? UNDEFINED : value.length, littleEndian);
      else view.setUint16(6, value.length, littleEndian);
      return concat(header, value);
    });
  return concat(...chunks);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** A deterministic UID under 2.25 (PS3.5 B.2) for a name. */
function uid(name: string): string {
  return `2.25.${BigInt(`0x${createHash('sha256').update(name).digest('hex').slice(0, 30)}`).toString(10)}`;
}

interface Ids {
  study: string;
  series: string;
  instance: string;
}

function idsOf(name: string): Ids {
  return { study: uid(`${name}/study`), series: uid(`${name}/series`), instance: uid(`${name}/instance`) };
}

/** 16 × 16 pixels, value (row × 16 + column) × 8: every pixel differs, so a wrong frame shows. */
function pixels(littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(ROWS * COLUMNS * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < ROWS * COLUMNS; i++) view.setUint16(i * 2, i * 8, littleEndian);
  return bytes;
}

/** The valid instance every defect starts from, as elements keyed by tag. */
function baseElements(ids: Ids, littleEndian = true): Map<number, Element> {
  const list: Element[] = [
    str(0x00080016, 'UI', SECONDARY_CAPTURE),
    str(0x00080018, 'UI', ids.instance),
    str(0x00080020, 'DA', '20240115'),
    str(0x00080060, 'CS', 'OT'),
    str(0x00080064, 'CS', 'WSD'),
    str(0x00100010, 'PN', 'Defect^Ingest'),
    str(0x00100020, 'LO', 'INGEST-1'),
    str(0x0020000d, 'UI', ids.study),
    str(0x0020000e, 'UI', ids.series),
    str(0x00200010, 'SH', '1'),
    str(0x00200011, 'IS', '1'),
    str(0x00200013, 'IS', '1'),
    us(0x00280002, 1, littleEndian),
    str(0x00280004, 'CS', 'MONOCHROME2'),
    us(0x00280010, ROWS, littleEndian),
    us(0x00280011, COLUMNS, littleEndian),
    us(0x00280100, 16, littleEndian),
    us(0x00280101, 12, littleEndian),
    us(0x00280102, 11, littleEndian),
    us(0x00280103, 0, littleEndian),
    { tag: 0x7fe00010, vr: 'OW', value: pixels(littleEndian) },
  ];
  return new Map(list.map((e) => [e.tag, e]));
}

function fileMeta(sopClassUID: string, sopInstanceUID: string, transferSyntaxUID: string): Uint8Array {
  const group = encode(
    [
      { tag: 0x00020001, vr: 'OB', value: new Uint8Array([0, 1]) },
      str(0x00020002, 'UI', sopClassUID),
      str(0x00020003, 'UI', sopInstanceUID),
      str(0x00020010, 'UI', transferSyntaxUID),
      str(0x00020012, 'UI', '2.25.233318364722539366153371437367409421386'),
    ],
    true,
  );
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, group.length, true);
  return concat(
    new Uint8Array(128),
    ascii('DICM'),
    encode([{ tag: 0x00020000, vr: 'UL', value: length }], true),
    group,
  );
}

function part10(
  elements: Map<number, Element>,
  ids: Ids,
  options: { transferSyntaxUID?: string; metaSopClassUID?: string; littleEndian?: boolean } = {},
): Uint8Array {
  const littleEndian = options.littleEndian ?? true;
  return concat(
    fileMeta(options.metaSopClassUID ?? SECONDARY_CAPTURE, ids.instance, options.transferSyntaxUID ?? EXPLICIT_LE),
    encode([...elements.values()], littleEndian),
  );
}

/** A defect built from the base instance: `change` edits its elements. */
function defect(
  name: string,
  change: (elements: Map<number, Element>, ids: Ids) => void,
  options: Parameters<typeof part10>[2] = {},
): Uint8Array {
  const ids = idsOf(name);
  const elements = baseElements(ids, options.littleEndian ?? true);
  change(elements, ids);
  return part10(elements, ids, options);
}

/**
 * A private UN element of undefined length holding one item with a Code Value: PS3.5 6.2.2 says
 * such a value is implicit VR little endian, whatever the data set's byte order.
 */
function undefinedLengthUn(): Element {
  const le = (tag: number, length: number) => {
    const bytes = new Uint8Array(8);
    const view = new DataView(bytes.buffer);
    view.setUint16(0, tag >>> 16, true);
    view.setUint16(2, tag & 0xffff, true);
    view.setUint32(4, length, true);
    return bytes;
  };
  const code = ascii('ABC1');
  return {
    tag: 0x00091010,
    vr: 'UN',
    undefinedLength: true,
    value: concat(le(0xfffee000, UNDEFINED), le(0x00080100, code.length), code, le(0xfffee00d, 0), le(0xfffee0dd, 0)),
  };
}

/** Encapsulated JPEG Pixel Data whose only fragment declares 1000 bytes; the file ends after 100. */
function fragmentPastEnd(): Element {
  const item = (length: number) => {
    const bytes = new Uint8Array(8);
    const view = new DataView(bytes.buffer);
    view.setUint16(0, 0xfffe, true);
    view.setUint16(2, 0xe000, true);
    view.setUint32(4, length, true);
    return bytes;
  };
  const jpegStart = Uint8Array.from({ length: 100 }, (_, i) => (i < 2 ? [0xff, 0xd8][i]! : i));
  return { tag: 0x7fe00010, vr: 'OB', undefinedLength: true, value: concat(item(0), item(1000), jpegStart) };
}

function withoutLast(bytes: Uint8Array, count: number): Uint8Array {
  return bytes.slice(0, bytes.length - count);
}

/** The base instance, deflated (PS3.5 A.5), with a private OB of zeros that inflates past the cap. */
function deflateBomb(): Uint8Array {
  const name = 'refused/deflate-bomb';
  const ids = idsOf(name);
  const elements = baseElements(ids);
  elements.set(0x00090010, str(0x00090010, 'LO', 'SECONDREAD TEST'));
  elements.set(0x00091001, { tag: 0x00091001, vr: 'OB', value: new Uint8Array(DEFECT_MAX_INFLATED_BYTES * 2) });
  const deflated = deflateRawSync(encode([...elements.values()], true), { level: 9 });
  return concat(fileMeta(SECONDARY_CAPTURE, ids.instance, DEFLATED), deflated);
}

const B000 = 0xb000;
const B006 = 0xb006;
const B007 = 0xb007;

/** Every defect class: the ones an archive can store with a warning, then the ones it must refuse. */
export function ingestDefects(): IngestDefect[] {
  const identityIds = idsOf('refused/identity-change');
  const identityFirst = part10(baseElements(identityIds), identityIds);
  const moved = baseElements(identityIds);
  moved.set(0x00100020, str(0x00100020, 'LO', 'SOMEONE-ELSE'));
  return [
    {
      name: 'stored/private-malformed-ds',
      bytes: defect('stored/private-malformed-ds', (e) => {
        e.set(0x00090010, str(0x00090010, 'LO', 'SECONDREAD TEST'));
        e.set(0x00091001, str(0x00091001, 'DS', '1,5x'));
      }),
      expect: { outcome: 'stored', warningReason: B000, comment: /\(0009,1001\).*"1,5x".*not a valid decimal string/ },
    },
    {
      name: 'stored/non-key-malformed-ds',
      bytes: defect('stored/non-key-malformed-ds', (e) => e.set(0x00180050, str(0x00180050, 'DS', 'thick'))),
      expect: { outcome: 'stored', warningReason: B000, comment: /\(0018,0050\) SliceThickness has the value "thick"/ },
    },
    {
      name: 'stored/is-not-a-number',
      bytes: defect('stored/is-not-a-number', (e) => e.set(0x00200013, str(0x00200013, 'IS', '12a'))),
      expect: {
        outcome: 'stored',
        warningReason: B000,
        comment: /\(0020,0013\) InstanceNumber has the value "12a".*left out of the index/,
      },
    },
    {
      name: 'stored/big-endian-undefined-length-un',
      bytes: defect(
        'stored/big-endian-undefined-length-un',
        (e) => {
          e.set(0x00090010, str(0x00090010, 'LO', 'SECONDREAD TEST'));
          e.set(0x00091010, undefinedLengthUn());
        },
        { transferSyntaxUID: EXPLICIT_BE, littleEndian: false },
      ),
      expect: {
        outcome: 'stored',
        warningReason: B000,
        comment: /\(0009,1010\) is a UN value of undefined length in a big endian data set/,
      },
    },
    {
      name: 'stored/missing-optional-attributes',
      bytes: defect('stored/missing-optional-attributes', (e) => {
        e.delete(0x00080060);
        e.delete(0x00200011);
        e.delete(0x00200013);
      }),
      expect: {
        outcome: 'stored',
        warningReason: B000,
        comment: /Modality is missing.*Series Number is missing.*Instance Number is missing/,
      },
    },
    {
      name: 'stored/trailing-garbage',
      bytes: concat(
        defect('stored/trailing-garbage', () => {}),
        Uint8Array.from({ length: 37 }, (_, i) => (i < 4 ? 0xff : i)),
      ),
      expect: { outcome: 'stored', warningReason: B006, comment: /37 bytes after the data set/ },
    },
    {
      name: 'stored/sop-class-mismatch',
      bytes: defect('stored/sop-class-mismatch', () => {}, { metaSopClassUID: CT }),
      expect: { outcome: 'stored', warningReason: B007, comment: /File Meta SOP Class UID/ },
    },
    {
      name: 'refused/no-sop-instance-uid',
      bytes: defect('refused/no-sop-instance-uid', (e) => e.delete(0x00080018)),
      expect: { outcome: 'refused', failureReason: 0xa900, comment: /no SOP Instance UID \(0008,0018\)/ },
    },
    {
      name: 'refused/no-series-instance-uid',
      bytes: defect('refused/no-series-instance-uid', (e) => e.delete(0x0020000e)),
      expect: { outcome: 'refused', failureReason: 0xa900, comment: /no Series Instance UID \(0020,000E\)/ },
    },
    {
      name: 'refused/no-study-instance-uid',
      bytes: defect('refused/no-study-instance-uid', (e) => e.delete(0x0020000d)),
      expect: { outcome: 'refused', failureReason: 0xa900, comment: /no Study Instance UID \(0020,000D\)/ },
    },
    {
      name: 'refused/unknown-transfer-syntax',
      bytes: defect('refused/unknown-transfer-syntax', () => {}, { transferSyntaxUID: '1.2.840.10008.9.9.9' }),
      expect: {
        outcome: 'refused',
        failureReason: 0xc122,
        comment: /Unsupported transfer syntax 1\.2\.840\.10008\.9\.9\.9/,
      },
    },
    {
      name: 'refused/pixel-data-short',
      bytes: defect('refused/pixel-data-short', (e) =>
        e.set(0x7fe00010, { tag: 0x7fe00010, vr: 'OW', value: pixels(true).subarray(0, 450) }),
      ),
      expect: {
        outcome: 'refused',
        failureReason: 0xc000,
        comment: /Pixel Data ends 62 bytes short of 16 × 16 × 16-bit: the file is truncated/,
      },
    },
    {
      name: 'refused/file-ends-inside-pixel-data',
      bytes: withoutLast(
        defect('refused/file-ends-inside-pixel-data', () => {}),
        100,
      ),
      expect: {
        outcome: 'refused',
        failureReason: 0xc000,
        comment: /Truncated: the file ends inside element \(7FE0,0010\)/,
      },
    },
    {
      name: 'refused/fragment-past-end',
      bytes: defect('refused/fragment-past-end', (e) => e.set(0x7fe00010, fragmentPastEnd()), {
        transferSyntaxUID: JPEG_BASELINE,
      }),
      expect: { outcome: 'refused', failureReason: 0xc000, comment: /a fragment runs past the end of the file/ },
    },
    {
      name: 'refused/image-without-pixel-data',
      bytes: defect('refused/image-without-pixel-data', (e) => e.delete(0x7fe00010)),
      expect: { outcome: 'refused', failureReason: 0xa900, comment: /image SOP class .* has no Pixel Data/ },
    },
    {
      name: 'refused/deflate-bomb',
      bytes: deflateBomb(),
      expect: { outcome: 'refused', failureReason: 0xa700, comment: /inflate|MAX_INFLATED_BYTES/ },
    },
    {
      name: 'refused/identity-change',
      prior: identityFirst,
      bytes: part10(moved, identityIds),
      expect: {
        outcome: 'refused',
        failureReason: 0x0110,
        comment: /already stored for Patient ID "INGEST-1", and this file says "SOMEONE-ELSE"/,
      },
    },
  ];
}
