const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A moment in the reader's locale and time zone, for sentences: "3 Mar 2030, 14:05". */
export function formatDateTime(ms: number): string {
  return DATE_TIME.format(ms);
}

/** A moment for table cells, local time: "2030-03-03 14:05" (dates as the study list writes them). */
export function formatShortDateTime(ms: number): string {
  const date = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
