import dcmjs from 'dcmjs';

/** A DICOM tag as 8 upper-case hex digits, the form DICOM JSON uses (PS3.18 F.2). */
export type Tag = string;

const { nameMap, dictionary } = dcmjs.data.DicomMetaDictionary;
const TAG_PATTERN = /^[0-9A-Fa-f]{8}$/;

/** Converts dcmjs's "(0010,0010)" form to "00100010". */
const compact = (punctuated: string): Tag => punctuated.replace(/[(),]/g, '').toUpperCase();

/** Tag of a standard keyword or of an 8-hex-digit tag string; undefined when neither. */
export function tagOf(keywordOrTag: string): Tag | undefined {
  if (TAG_PATTERN.test(keywordOrTag)) return keywordOrTag.toUpperCase();
  const entry = nameMap[keywordOrTag];
  return entry && TAG_PATTERN.test(compact(entry.tag)) ? compact(entry.tag) : undefined;
}

/** Standard keyword of a tag, when the data dictionary knows it. */
export function keywordOf(tag: Tag): string | undefined {
  return dictionary[`(${tag.slice(0, 4)},${tag.slice(4, 8)})`.toUpperCase()]?.name;
}

/** VR from the data dictionary; undefined for private or unknown tags and multi-VR entries. */
export function dictionaryVr(tag: Tag): string | undefined {
  const vr = dictionary[`(${tag.slice(0, 4)},${tag.slice(4, 8)})`.toUpperCase()]?.vr;
  return vr && /^[A-Z]{2}$/.test(vr) ? vr : undefined;
}
