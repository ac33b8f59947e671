/** Display forms of DICOM values for the study list. */

/** "DOE^JANE^Q^^" → "DOE, JANE Q" (PS3.5 6.2.1: family^given^middle^prefix^suffix). */
export function formatPersonName(pn: string): string {
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = pn.split('^').map((part) => part.trim());
  const first = [prefix, given, middle].filter(Boolean).join(' ');
  const name = [family, first].filter(Boolean).join(', ');
  return [name, suffix].filter(Boolean).join(' ');
}

/** DA "20150206" (or ACR-NEMA's "2015.02.06") → "2015-02-06"; anything else is shown as it came. */
export function formatDicomDate(da: string): string {
  const match = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(da);
  return match ? `${match[1]}-${match[2]}-${match[3]}` : da;
}

/** TM "133024.526" → "13:30"; "0930" → "09:30"; "" stays "". */
export function formatDicomTime(tm: string): string {
  const match = /^(\d{2})(\d{2})?/.exec(tm);
  if (!match) return tm;
  return `${match[1]}:${match[2] ?? '00'}`;
}
