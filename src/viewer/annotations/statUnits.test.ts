import { describe, expect, it } from 'vitest';
import { addStatUnits, statUnitsByTrackingUid } from './statUnits';

const code = (meaning: string) => ({ CodeValue: 'x', CodingSchemeDesignator: 'DCM', CodeMeaning: meaning });
const num = (meaning: string, value: number, unit: string) => ({
  ValueType: 'NUM',
  ConceptNameCodeSequence: code(meaning),
  MeasuredValueSequence: [{ NumericValue: value, MeasurementUnitsCodeSequence: { ...code(unit), CodeValue: unit } }],
});
const group = (uid: string, ...content: object[]) => ({
  ValueType: 'CONTAINER',
  ConceptNameCodeSequence: [code('Measurement Group')],
  ContentSequence: [
    { ValueType: 'TEXT', ConceptNameCodeSequence: code('Tracking Identifier'), TextValue: 'EllipticalROI' },
    { ValueType: 'UIDREF', ConceptNameCodeSequence: code('Tracking Unique Identifier'), UID: uid },
    ...content,
  ],
});
/** A TID 1500 report as dcmjs naturalizes it (a sequence of one item may be the item itself). */
const report = (...groups: object[]) => ({
  ContentSequence: [
    { ValueType: 'CONTAINER', ConceptNameCodeSequence: code('Language of Content Item and Descendants') },
    { ValueType: 'CONTAINER', ConceptNameCodeSequence: code('Imaging Measurements'), ContentSequence: groups },
  ],
});

describe('units of stored ROI statistics', () => {
  it('reads each group’s area and pixel-value units in display form, by tracking UID', () => {
    const units = statUnitsByTrackingUid(
      report(
        group(
          '1.1',
          num('Area', 1934, 'mm2'),
          num('Mean', -1002.1, "[hnsf'U]"),
          num('Standard Deviation', 2.4, "[hnsf'U]"),
        ),
        group('1.2', num('Area', 12, 'cm2'), num('Mean', 300, '1')),
        group('1.3', num('Length', 42, 'mm')),
      ),
    );
    expect(units.get('1.1')).toEqual({ areaUnit: 'mm²', modalityUnit: 'HU' });
    expect(units.get('1.2')).toEqual({ areaUnit: 'cm2', modalityUnit: '' });
    expect(units.get('1.3')).toEqual({});
    expect(units.size).toBe(3);
  });

  it('finds nothing in a document that is not a measurement report', () => {
    expect(statUnitsByTrackingUid({ ContentSequence: { ValueType: 'TEXT', TextValue: 'Findings' } }).size).toBe(0);
    expect(statUnitsByTrackingUid({}).size).toBe(0);
  });

  it('adds missing units to every statistics entry and keeps those already there', () => {
    const cachedStats: Record<string, Record<string, unknown>> = {
      'imageId:a': { area: 1934, mean: -1002.1, stdDev: 2.4, modalityUnit: '' },
      'imageId:b': { area: 20, areaUnit: 'px²', mean: 5, modalityUnit: 'raw' },
      'imageId:c': { length: 42, unit: 'mm' },
    };
    addStatUnits(cachedStats, { areaUnit: 'mm²', modalityUnit: 'HU' });
    expect(cachedStats).toEqual({
      'imageId:a': { area: 1934, areaUnit: 'mm²', mean: -1002.1, stdDev: 2.4, modalityUnit: 'HU' },
      'imageId:b': { area: 20, areaUnit: 'px²', mean: 5, modalityUnit: 'raw' },
      'imageId:c': { length: 42, unit: 'mm' },
    });
    addStatUnits(cachedStats, undefined);
    expect(cachedStats['imageId:a']).toHaveProperty('areaUnit', 'mm²');
  });
});
