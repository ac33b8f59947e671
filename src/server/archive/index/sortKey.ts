/**
 * The order of the study list, newest first (StudyDate, then StudyTime, descending; absent ones
 * last), as one string column: canonical date and time at fixed width, blanks where absent
 * (a blank sorts below every digit). One column lets a page seek to where the last one ended.
 */
const DATE_WIDTH = 8; // YYYYMMDD
const TIME_WIDTH = 13; // HHMMSS.ffffff (canonicalMoment)

export function studySortKey(date: string | null, time: string | null): string {
  return (date ?? '').padEnd(DATE_WIDTH, ' ') + (time ?? '').padEnd(TIME_WIDTH, ' ');
}
