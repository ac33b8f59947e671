import { deflateRawSync, inflateRawSync } from 'node:zlib';
import dicomParser from 'dicom-parser';

/**
 * Copies of corpus files with fresh Study/Series/SOP Instance UIDs, so each can be stored and
 * opened alone: many corpus files are one image in several encodings sharing UIDs, and a few
 * codec samples have none. Only the UID elements and the File Meta change; every other element,
 * pixel data included, is copied byte for byte (deflated data sets are inflated and deflated again).
 */
interface FreshUids {
  study: string;
  series: string;
  sop: string;
}

const IMPLICIT_LE = '1.2.840.10008.1.2';
const EXPLICIT_BE = '1.2.840.10008.1.2.2';
const DEFLATED = '1.2.840.10008.1.2.1.99';
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const UID_TAGS = { x0020000d: 'study', x0020000e: 'series', x00080018: 'sop' } as const;
const encoder = new TextEncoder();

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function element(tag: string, vr: string, value: Uint8Array, explicit: boolean, littleEndian: boolean): Uint8Array {
  const group = parseInt(tag.slice(1, 5), 16);
  const number = parseInt(tag.slice(5, 9), 16);
  const long = explicit && LONG_VRS.has(vr);
  const header = new Uint8Array(explicit ? (long ? 12 : 8) : 8);
  const view = new DataView(header.buffer);
  view.setUint16(0, group, littleEndian);
  view.setUint16(2, number, littleEndian);
  if (!explicit) view.setUint32(4, value.length, littleEndian);
  else {
    header.set(encoder.encode(vr), 4);
    if (long) view.setUint32(8, value.length, littleEndian);
    else view.setUint16(6, value.length, littleEndian);
  }
  return concat([header, value]);
}

/** UI values are NUL-padded to even length (PS3.5 6.2). */
const uiValue = (uid: string) => encoder.encode(uid.length % 2 ? `${uid}\0` : uid);

/** A data set without File Meta: explicit VR when the first element carries two upper-case VR letters. */
function guessBareSyntax(bytes: Uint8Array): string {
  const vr = String.fromCharCode(bytes[4] ?? 0, bytes[5] ?? 0);
  return /^[A-Z]{2}$/.test(vr) ? '1.2.840.10008.1.2.1' : IMPLICIT_LE;
}

export function withFreshUids(file: Uint8Array, uids: FreshUids): Uint8Array {
  const isPart10 = String.fromCharCode(...file.subarray(128, 132)) === 'DICM';
  // Some writers keep the File Meta but drop the preamble and DICM prefix.
  const metaWithoutPreamble = !isPart10 && file[0] === 0x02 && file[1] === 0x00;
  let parsedFrom = file;
  if (metaWithoutPreamble) parsedFrom = concat([new Uint8Array(128), encoder.encode('DICM'), file]);
  else if (!isPart10) {
    // Give the bare data set a File Meta so dicom-parser (and the archive) read it as Part 10.
    const syntax = guessBareSyntax(file);
    parsedFrom = concat([new Uint8Array(128), encoder.encode('DICM'), fileMeta('1.2.3', '1.2.3', syntax), file]);
  }
  // dicom-parser reads the inflated data set from offset 0 of what the inflater returns.
  const dataSet = dicomParser.parseDicom(parsedFrom, {
    inflater: (bytes: Uint8Array, position: number) => new Uint8Array(inflateRawSync(bytes.subarray(position))),
  });
  // Meta values are read from the Part 10 header itself: after inflation dataSet.byteArray is the data set alone.
  const meta = dicomParser.readPart10Header(parsedFrom);
  const syntax = meta.string('x00020010') ?? IMPLICIT_LE;
  const explicit = syntax !== IMPLICIT_LE;
  const littleEndian = syntax !== EXPLICIT_BE;
  const bytes = dataSet.byteArray as Uint8Array;
  const top = Object.values(dataSet.elements)
    .filter((e) => !e.tag.startsWith('x0002'))
    .map((e) => ({ tag: e.tag, start: e.dataOffset - (explicit ? (LONG_VRS.has(e.vr ?? '') ? 12 : 8) : 8) }))
    .sort((a, b) => a.start - b.start);
  const chunks: Uint8Array[] = [];
  const pending = new Map(Object.entries(UID_TAGS));
  const emitUid = (tag: string) => {
    chunks.push(element(tag, 'UI', uiValue(uids[UID_TAGS[tag as keyof typeof UID_TAGS]]), explicit, littleEndian));
    pending.delete(tag);
  };
  for (const [index, entry] of top.entries()) {
    for (const tag of [...pending.keys()].sort()) if (tag < entry.tag) emitUid(tag);
    const end = top[index + 1]?.start ?? bytes.length;
    if (pending.has(entry.tag)) emitUid(entry.tag);
    else chunks.push(bytes.subarray(entry.start, end));
  }
  for (const tag of [...pending.keys()].sort()) emitUid(tag);
  let dataset = concat(chunks);
  if (syntax === DEFLATED) dataset = new Uint8Array(deflateRawSync(dataset));
  const sopClass =
    (isPart10 || metaWithoutPreamble ? meta.string('x00020002') : undefined) ??
    dataSet.string('x00080016') ??
    '1.2.840.10008.5.1.4.1.1.7';
  return concat([new Uint8Array(128), encoder.encode('DICM'), fileMeta(sopClass, uids.sop, syntax), dataset]);
}

function fileMeta(sopClass: string, sop: string, syntax: string): Uint8Array {
  const body = concat([
    element('x00020001', 'OB', Uint8Array.from([0, 1]), true, true),
    element('x00020002', 'UI', uiValue(sopClass), true, true),
    element('x00020003', 'UI', uiValue(sop), true, true),
    element('x00020010', 'UI', uiValue(syntax), true, true),
    element('x00020012', 'UI', uiValue('1.2.826.0.1.3680043.10.1078.1'), true, true),
  ]);
  const length = new Uint8Array(4);
  new DataView(length.buffer).setUint32(0, body.length, true);
  return concat([element('x00020000', 'UL', length, true, true), body]);
}

/** A UID under the 2.25 root (PS3.5 B.2) from random bits: unique per run without a registry. */
export function randomUid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(15));
  return `2.25.${BigInt(`0x${Buffer.from(bytes).toString('hex')}`).toString()}`;
}

/** dicom-parser on a file that may lack the preamble and DICM prefix before its File Meta. */
export function parsePart10(file: Uint8Array): dicomParser.DataSet {
  const isPart10 = String.fromCharCode(...file.subarray(128, 132)) === 'DICM';
  return dicomParser.parseDicom(isPart10 ? file : concat([new Uint8Array(128), encoder.encode('DICM'), file]));
}
