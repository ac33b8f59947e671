/**
 * Value formatting for the generated datasets. dcmjs truncates DS values longer than 16 characters
 * (PS3.5 6.2) with a warning, so numbers are rounded here and the geometry code uses the same
 * rounded values the files carry.
 */

/** Rounds to 6 decimals, the precision every demo geometry value is defined at. */
export function round6(value: number): number {
  const rounded = Number(value.toFixed(6));
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** A Decimal String value. */
export function ds(value: number): string {
  const text = String(round6(value));
  if (text.length > 16 || !Number.isFinite(value)) {
    throw new RangeError(`value ${value} does not fit a DICOM DS`);
  }
  return text;
}

/** Several Decimal String values, e.g. ImagePositionPatient. */
export function dsList(values: readonly number[]): string[] {
  return values.map(ds);
}
