/** Study date filters: presets relative to the reader's local today, or a custom range. */

export const DATE_PRESETS = ['any', 'today', '7d', '30d', 'custom'] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

export const DATE_PRESET_LABELS: Record<DatePreset, string> = {
  any: 'Any date',
  today: 'Today',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  custom: 'Custom range',
};

export function isDatePreset(value: string): value is DatePreset {
  return (DATE_PRESETS as readonly string[]).includes(value);
}

/** DICOM DA (YYYYMMDD) of a local calendar day. */
export function dicomDate(day: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}${pad(day.getMonth() + 1)}${pad(day.getDate())}`;
}

/** `<input type="date">` value (YYYY-MM-DD) to DA; undefined when empty or malformed. */
export function isoToDicomDate(iso: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? `${match[1]}${match[2]}${match[3]}` : undefined;
}

function daysBefore(today: Date, days: number): Date {
  // Calendar arithmetic in local time, so daylight-saving changes cannot shift the day.
  return new Date(today.getFullYear(), today.getMonth(), today.getDate() - days);
}

/**
 * StudyDate matching key (PS3.4 C.2.2.2.5 range matching): "from-to", "from-" or "-to"; undefined
 * for any date. "Last 7 days" is today and the six days before it. A reversed custom range is
 * read the way it was meant.
 */
export function studyDateRange(preset: DatePreset, from: string, to: string, today: Date): string | undefined {
  switch (preset) {
    case 'any':
      return undefined;
    case 'today':
      return dicomDate(today);
    case '7d':
      return `${dicomDate(daysBefore(today, 6))}-${dicomDate(today)}`;
    case '30d':
      return `${dicomDate(daysBefore(today, 29))}-${dicomDate(today)}`;
    case 'custom': {
      let start = isoToDicomDate(from);
      let end = isoToDicomDate(to);
      if (start !== undefined && end !== undefined && start > end) [start, end] = [end, start];
      if (start === undefined && end === undefined) return undefined;
      if (start === end) return start;
      return `${start ?? ''}-${end ?? ''}`;
    }
  }
}
