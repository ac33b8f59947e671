/**
 * The units of a stored ROI's statistics, read from its TID 1500 measurement group. The adapters
 * (5.14, metricHandler) lose them on the way back: they take the unit code's value and then ask
 * that string for its value again. Without `areaUnit` the list shows bare numbers, and Cornerstone
 * throws the stored statistics away on the first render and recomputes them from the pixels, so
 * the reader would no longer see what the report says. Pure: works on the naturalized (dcmjs) SR.
 */

type Naturalized = Readonly<Record<string, unknown>>;

interface StatUnits {
  modalityUnit?: string;
  areaUnit?: string;
}

/** Which unit of Cornerstone's statistics a NUM concept carries (what the adapters write). */
const CATEGORY: Readonly<Record<string, keyof StatUnits>> = {
  Mean: 'modalityUnit',
  'Standard Deviation': 'modalityUnit',
  Maximum: 'modalityUnit',
  Minimum: 'modalityUnit',
  Area: 'areaUnit',
};

/** UCUM codes as Cornerstone writes units; any other code is shown as it is. */
const DISPLAY: Readonly<Record<string, string>> = { "[hnsf'U]": 'HU', mm2: 'mm²' };

/** dcmjs gives a sequence of one item as the item itself. */
function items(value: unknown): Naturalized[] {
  if (Array.isArray(value)) return value.filter((item): item is Naturalized => !!item && typeof item === 'object');
  return value && typeof value === 'object' ? [value as Naturalized] : [];
}

const meaningOf = (item: Naturalized): unknown => items(item.ConceptNameCodeSequence)[0]?.CodeMeaning;

function unitsOf(group: Naturalized): StatUnits {
  const units: StatUnits = {};
  for (const item of items(group.ContentSequence)) {
    const category = item.ValueType === 'NUM' ? CATEGORY[String(meaningOf(item))] : undefined;
    const code = items(items(item.MeasuredValueSequence)[0]?.MeasurementUnitsCodeSequence)[0]?.CodeValue;
    if (!category || typeof code !== 'string' || units[category] !== undefined) continue;
    // UCUM "1" is "no units" (pixel values without a physical meaning).
    units[category] = code === '1' ? '' : (DISPLAY[code] ?? code);
  }
  return units;
}

/** The statistics' units of each measurement group of a TID 1500 report, by Tracking Unique Identifier. */
export function statUnitsByTrackingUid(report: Naturalized): ReadonlyMap<string, StatUnits> {
  const measurements = items(report.ContentSequence).find((item) => meaningOf(item) === 'Imaging Measurements');
  const byUid = new Map<string, StatUnits>();
  for (const group of items(measurements?.ContentSequence)) {
    if (meaningOf(group) !== 'Measurement Group') continue;
    const tracking = items(group.ContentSequence).find((item) => meaningOf(item) === 'Tracking Unique Identifier');
    if (typeof tracking?.UID === 'string') byUid.set(tracking.UID, unitsOf(group));
  }
  return byUid;
}

/** Adds the units missing from each entry of an annotation's `cachedStats`; units already there stay. */
export function addStatUnits(cachedStats: unknown, units: StatUnits | undefined): void {
  if (!units || !cachedStats || typeof cachedStats !== 'object') return;
  for (const stats of Object.values(cachedStats as Record<string, unknown>)) {
    if (!stats || typeof stats !== 'object') continue;
    const entry = stats as Record<string, unknown>;
    if ('area' in entry && entry.areaUnit == null && units.areaUnit !== undefined) entry.areaUnit = units.areaUnit;
    if ('mean' in entry && !entry.modalityUnit && units.modalityUnit !== undefined)
      entry.modalityUnit = units.modalityUnit;
  }
}
