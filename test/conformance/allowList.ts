import type { DicomJsonDataset, DicomJsonElement } from '../../src/dicom/json';
import type { Difference } from './compareDatasets';

/**
 * Measured differences between the embedded archive and Orthanc 1.10.1 (DICOMweb plugin 1.7)
 * that are correct on our side or unavoidable, each with its reason. docs/conformance.md has the
 * same table for people; a test keeps the ids in step. Anything not listed here fails the suite.
 */

export interface Documented {
  id: string;
  endpoint: 'QIDO-RS' | 'WADO-RS metadata' | 'QIDO-RS and WADO-RS metadata' | 'WADO-RS frames' | 'STOW-RS';
  attribute: string;
  orthanc: string;
  secondRead: string;
  why: string;
}

export interface AttributeContext {
  endpoint: 'qido' | 'metadata';
  /** The request path below the DICOMweb root. */
  request: string;
  difference: Difference;
}

interface AttributeRule extends Documented {
  matches(context: AttributeContext): boolean;
}

const isPrivate = (tag: string) => parseInt(tag.slice(0, 4), 16) % 2 === 1;
const isEmpty = (element: DicomJsonElement | undefined) =>
  element !== undefined &&
  (element.Value ?? []).length === 0 &&
  element.BulkDataURI === undefined &&
  element.InlineBinary === undefined;
/** Component groups of each name, or [] for a non-PN value. */
const nameGroups = (element: DicomJsonElement | undefined) =>
  (element?.Value ?? []).map((name) =>
    name !== null && typeof name === 'object' ? (name as Record<string, string>) : {},
  );
const beyondLatin1 = (text: string) => /[\u0100-\uffff]/.test(text);
const canonicalGroup = (text: string | undefined) => (text ?? '').replace(/[\^ ]+$/, '');
/** Return keys SecondRead always sends at their level (PS3.18 Tables 10.6.3-3 to -5, plus StudyDescription as dcm4chee does). */
const DEFAULT_RETURN_KEYS = new Set(['00080056', '00081030', '00201209', '00400275']);

export const ATTRIBUTE_RULES: AttributeRule[] = [
  {
    id: 'qido-charset-default',
    endpoint: 'QIDO-RS',
    attribute: 'SpecificCharacterSet (0008,0005)',
    orthanc: '"ISO_IR 100" (its DefaultEncoding) on every result, whatever the files say',
    secondRead: "The file's own value; absent when the file has none",
    why: "Orthanc reports its index's setting, not the study's; the JSON text is UTF-8 either way, and CP 2518 makes the attribute describe the source",
    matches: ({ endpoint, difference: d }) =>
      endpoint === 'qido' && d.tag === '00080005' && (d.kind === 'missing' || d.kind === 'value'),
  },
  {
    id: 'charset-empty-first-value',
    endpoint: 'WADO-RS metadata',
    attribute: 'SpecificCharacterSet (0008,0005)',
    orthanc: '["ISO 2022 IR 149"] for the stored value "\\ISO 2022 IR 149"',
    secondRead: '[null, "ISO 2022 IR 149"]',
    why: 'The first value is empty (the default repertoire) and PS3.18 F.2.5 encodes an empty value as null; Orthanc drops it',
    matches: ({ difference: d }) =>
      d.tag === '00080005' &&
      d.kind === 'value' &&
      d.ours?.Value?.[0] === null &&
      JSON.stringify(d.ours.Value.slice(1)) === JSON.stringify(d.orthanc?.Value),
  },
  {
    id: 'qido-extra-return-keys',
    endpoint: 'QIDO-RS',
    attribute:
      'Return keys Orthanc leaves out (e.g. StudyDescription, InstanceAvailability, PerformedProcedureStepStartDate, NumberOfFrames)',
    orthanc: 'Omits required or requested keys it has no value for; includefield=all returns only its indexed tags',
    secondRead:
      'Sends every required/requested key, empty when unknown; InstanceAvailability ONLINE; includefield=all returns the whole stored dataset',
    why: 'PS3.18 10.6.3.3 lets an origin server return more attributes than asked; an empty key tells the client "no value" rather than "not supported"',
    matches: ({ endpoint, request, difference: d }) =>
      endpoint === 'qido' &&
      d.kind === 'extra' &&
      d.parents.length === 0 &&
      (isEmpty(d.ours) || request.includes('includefield=all') || DEFAULT_RETURN_KEYS.has(d.tag)),
  },
  {
    id: 'pn-beyond-latin1',
    endpoint: 'QIDO-RS and WADO-RS metadata',
    attribute: 'PatientName (0010,0010) in Greek, Cyrillic, Arabic, Hebrew, Korean, Japanese',
    orthanc:
      'QIDO: the characters outside Latin-1 dropped ("Люкceмбypг" → "ceyp", "Διονυσιος" → empty); ISO 2022 code extensions (IR 87, IR 149) left undecoded (";3ED^B@O:") in QIDO and metadata',
    secondRead: 'The decoded names ("Люкceмбypг", "Διονυσιος", "山田^太郎", "やまだ^たろう")',
    why: "PS3.5 6.1: SpecificCharacterSet and its code extensions define the text; Orthanc's index keeps Latin-1 (its DefaultEncoding) and its decoder handles only the first component group's repertoire",
    matches: ({ difference: d }) => {
      if (d.kind !== 'value' || d.orthanc?.vr !== 'PN') return false;
      const [theirs, ours] = [nameGroups(d.orthanc), nameGroups(d.ours)];
      // Orthanc may send no value at all where every character was dropped.
      if (theirs.length > ours.length) return false;
      return ours.every((name, i) =>
        ['Alphabetic', 'Ideographic', 'Phonetic'].every((group) => {
          const [a, b] = [canonicalGroup(theirs[i]?.[group]), canonicalGroup(name[group])];
          return a === b || (beyondLatin1(b) && !beyondLatin1(a));
        }),
      );
    },
  },
  {
    id: 'private-implicit-vr',
    endpoint: 'WADO-RS metadata',
    attribute: 'Private attributes of implicit VR files (e.g. GE (0009,xx..), (0019,xx..))',
    orthanc: "VR from DCMTK's private dictionary (LO, SH, DS…); some private attributes left out",
    secondRead: 'VR UN with the raw bytes as InlineBinary; every private attribute kept',
    why: 'Implicit VR files do not carry the VR and the archive keeps no private dictionaries; PS3.18 F.2.3 allows UN',
    matches: ({ difference: d }) =>
      [d.tag, ...d.parents].some(isPrivate) && (d.kind === 'extra' || (d.kind === 'vr' && d.ours?.vr === 'UN')),
  },
  {
    id: 'palette-descriptor-ambiguous-vr',
    endpoint: 'WADO-RS metadata',
    attribute: 'Red/Green/Blue Palette Color LUT Descriptor (0028,1101-1103) in implicit VR',
    orthanc: 'Left out (the VR is "US or SS" and the file does not say which)',
    secondRead: 'Present, VR resolved from PixelRepresentation (US here)',
    why: 'PS3.5 Annex A: the VR of these attributes follows Pixel Representation; dropping them loses the palette',
    matches: ({ difference: d }) => d.kind === 'extra' && ['00281101', '00281102', '00281103'].includes(d.tag),
  },
  {
    id: 'empty-sequence-items',
    endpoint: 'WADO-RS metadata',
    attribute: 'Sequences with empty items (e.g. PerformedProtocolCodeSequence (0040,0260))',
    orthanc: 'Drops the empty item (1 item)',
    secondRead: 'Keeps it (2 items, the second {})',
    why: 'The file has two items; an empty item is valid (PS3.5 7.5) and item positions can be referenced',
    matches: ({ difference: d }) =>
      d.kind === 'items' &&
      ((d.ours?.Value ?? []) as DicomJsonDataset[])
        .slice((d.orthanc?.Value ?? []).length)
        .every((item) => Object.keys(item).length === 0),
  },
  {
    id: 'text-backslash',
    endpoint: 'WADO-RS metadata',
    attribute: 'ST/LT/UT values containing "\\" (e.g. ImageDisplayFormat (2010,0010))',
    orthanc: 'Splits the text into several values ["STANDARD", "1,1"]',
    secondRead: 'One value "STANDARD\\1,1"',
    why: 'PS3.5 6.2: "\\" is an ordinary character in ST, LT and UT, which are single-valued',
    matches: ({ difference: d }) =>
      d.kind === 'value' &&
      ['ST', 'LT', 'UT'].includes(d.ours?.vr ?? '') &&
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- ST, LT and UT values are strings
      (d.orthanc?.Value ?? []).join('\\') === d.ours?.Value?.[0],
  },
  {
    id: 'float-pixel-data-as-numbers',
    endpoint: 'WADO-RS metadata',
    attribute: 'Float Pixel Data (7FE0,0008) OF, Double Float Pixel Data (7FE0,0009) OD',
    orthanc: 'A "Value" array holding the first number only',
    secondRead: 'BulkDataURI',
    why: 'PS3.18 F.2.3: OF and OD values are binary and go as InlineBinary or BulkDataURI; a one-number Value loses the pixels',
    matches: ({ difference: d }) =>
      ['7FE00008', '7FE00009'].includes(d.tag) && d.orthanc?.Value !== undefined && d.ours?.BulkDataURI !== undefined,
  },
  {
    id: 'pixel-data-omitted-when-encapsulated',
    endpoint: 'WADO-RS metadata',
    attribute: 'Pixel Data (7FE0,0010) of compressed (encapsulated) instances',
    orthanc: 'Left out of the metadata',
    secondRead: 'BulkDataURI (serving the stored fragments of the value)',
    why: 'PS3.18 10.4.1.2: bulk data in metadata is replaced by a BulkDataURI, not removed; clients use it to know pixels exist',
    matches: ({ difference: d }) => d.tag === '7FE00010' && d.kind === 'extra' && d.ours?.BulkDataURI !== undefined,
  },
  {
    id: 'trailing-padding-dropped',
    endpoint: 'WADO-RS metadata',
    attribute: 'Data Set Trailing Padding (FFFC,FFFC)',
    orthanc: 'Listed with a BulkDataURI',
    secondRead: 'Left out',
    why: 'PS3.10 7.2: trailing padding has no meaning and may be removed',
    matches: ({ difference: d }) => d.tag === 'FFFCFFFC' && d.kind === 'missing',
  },
];

/** Differences checked by explicit assertions in stow.test.ts rather than by matching. */
export const STOW_NOTES: Documented[] = [
  {
    id: 'stow-partial-failure',
    endpoint: 'STOW-RS',
    attribute: 'A request where some parts fail (here: a part that is not DICOM)',
    orthanc: 'HTTP 400; FailedSOPSequence (0008,1198) empty, the stored instances listed',
    secondRead: 'HTTP 202; FailedSOPSequence names the part with FailureReason 0xC000 and the reason text',
    why: 'PS3.18 10.5.3: a partial success is 202 Accepted and each failure is reported in FailedSOPSequence',
  },
  {
    id: 'stow-study-retrieve-url',
    endpoint: 'STOW-RS',
    attribute: 'Top-level RetrieveURL (0008,1190) and SpecificCharacterSet (0008,0005) of a POST to /studies',
    orthanc: "The first instance's study URL (even when the request spans several studies); ISO_IR 100",
    secondRead: 'Neither',
    why: 'PS3.18 Table 10.5.3-1 asks for the study RetrieveURL when the request names a study; each ReferencedSOPSequence item has its own RetrieveURL',
  },
  {
    id: 'stow-orthanc-refuses-ybr422-jpeg-multiframe',
    endpoint: 'STOW-RS',
    attribute: 'kinds/multiframe/us-cine-65frames-jpeg-ybr422.dcm (JPEG baseline, YBR_FULL_422, 65 frames)',
    orthanc: 'Refuses it (HTTP 400 on POST /instances, left out of STOW-RS answers)',
    secondRead: 'Stores it (files are kept as received; the viewer decodes the JPEG frames)',
    why: 'The file is valid DICOM; Orthanc 1.10.1 fails on it while reading',
  },
];
