const DATE = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A day in the reader's locale, for a patient's sentences: "3 Mar 2027". */
export function formatDate(ms: number): string {
  return DATE.format(ms);
}
