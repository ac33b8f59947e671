/**
 * Turns what people type into QIDO-RS matching keys (PS3.4 C.2.2.2.4 wildcard matching).
 * Radiologists type the start of a name or number, so plain text becomes a prefix match; anyone
 * who types `*` or `?` gets exactly what they typed.
 */

const WILDCARD = /[*?]/;

/**
 * Backslash separates values in a DICOM query (PS3.18 8.3.4.1), so "a\b" would silently become a
 * two-value list match; it never occurs in the names and numbers people search for.
 */
function clean(input: string): string {
  return input.replace(/\\/g, '').trim();
}

/**
 * PatientName: `smith` → `smith*`; `smith, jo` → `smith^jo*` (family, given — the PN component
 * separator is `^`); `*mit*` stays as typed. Servers match PN case-insensitively in practice.
 */
export function patientNameKey(input: string): string | undefined {
  const text = clean(input);
  if (text === '') return undefined;
  if (WILDCARD.test(text)) return text;
  const [family = '', ...rest] = text.split(',');
  const given = rest.join(' ').trim();
  return `${family.trim()}${given ? `^${given}` : ''}*`;
}

/** PatientID and AccessionNumber: the start of the value, unless the user typed a wildcard. */
export function prefixKey(input: string): string | undefined {
  const text = clean(input);
  if (text === '') return undefined;
  return WILDCARD.test(text) ? text : `${text}*`;
}

/** StudyDescription: words appear anywhere in free text ("head" finds "CT HEAD WO"). */
export function containsKey(input: string): string | undefined {
  const text = clean(input);
  if (text === '') return undefined;
  return WILDCARD.test(text) ? text : `*${text}*`;
}
