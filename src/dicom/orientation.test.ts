import { describe, expect, it } from 'vitest';
import { directionLabel, markersFromScreenAxes, orientationMarkers, screenAxes } from './orientation';

const AXIAL = [1, 0, 0, 0, 1, 0];
const SAGITTAL = [0, 1, 0, 0, 0, -1];
const CORONAL = [1, 0, 0, 0, 0, -1];
const none = { rotation: 0, flipHorizontal: false, flipVertical: false };

describe('directionLabel', () => {
  it('names the main axes in LPS', () => {
    expect(directionLabel([1, 0, 0])).toBe('L');
    expect(directionLabel([-1, 0, 0])).toBe('R');
    expect(directionLabel([0, 1, 0])).toBe('P');
    expect(directionLabel([0, -1, 0])).toBe('A');
    expect(directionLabel([0, 0, 1])).toBe('H');
    expect(directionLabel([0, 0, -1])).toBe('F');
    expect(directionLabel([0, 0, 0])).toBe('');
  });
  it('orders oblique letters by strength and ignores header noise', () => {
    const c = Math.cos((30 * Math.PI) / 180);
    const s = Math.sin((30 * Math.PI) / 180);
    expect(directionLabel([c, -s, 0])).toBe('LA');
    expect(directionLabel([s, 0, c])).toBe('HL');
    expect(directionLabel([0.999999, 0.0001, -0.0002])).toBe('L');
    expect(directionLabel([0.6, 0.5, -0.62])).toBe('FLP');
  });
});

describe('orientationMarkers', () => {
  it('labels standard planes as radiologists see them', () => {
    expect(orientationMarkers(AXIAL, none)).toEqual({ top: 'A', right: 'L', bottom: 'P', left: 'R' });
    expect(orientationMarkers(SAGITTAL, none)).toEqual({ top: 'H', right: 'P', bottom: 'F', left: 'A' });
    expect(orientationMarkers(CORONAL, none)).toEqual({ top: 'H', right: 'L', bottom: 'F', left: 'R' });
  });
  it('follows flips and quarter turns', () => {
    expect(orientationMarkers(AXIAL, { ...none, flipHorizontal: true })).toEqual({
      top: 'A',
      right: 'R',
      bottom: 'P',
      left: 'L',
    });
    expect(orientationMarkers(AXIAL, { ...none, flipVertical: true })).toEqual({
      top: 'P',
      right: 'L',
      bottom: 'A',
      left: 'R',
    });
    expect(orientationMarkers(AXIAL, { ...none, rotation: 90 })).toEqual({
      top: 'R',
      right: 'A',
      bottom: 'L',
      left: 'P',
    });
    expect(orientationMarkers(AXIAL, { ...none, rotation: 180 })).toEqual({
      top: 'P',
      right: 'R',
      bottom: 'A',
      left: 'L',
    });
    expect(orientationMarkers(AXIAL, { ...none, rotation: -90 })).toEqual(
      orientationMarkers(AXIAL, { ...none, rotation: 270 }),
    );
    expect(orientationMarkers(AXIAL, { ...none, rotation: 360 })).toEqual(orientationMarkers(AXIAL, none));
  });
  it('handles oblique planes', () => {
    const a = (20 * Math.PI) / 180;
    // An axial plane tilted 20° about the left-right axis (gantry tilt).
    const tilted = [1, 0, 0, 0, Math.cos(a), -Math.sin(a)];
    expect(orientationMarkers(tilted, none)).toEqual({ top: 'AH', right: 'L', bottom: 'PF', left: 'R' });
  });
  it('refuses a missing or broken orientation', () => {
    expect(orientationMarkers([], none)).toBeUndefined();
    expect(orientationMarkers([1, 0, 0, 0, Number.NaN, 0], none)).toBeUndefined();
    expect(screenAxes([1, 0, 0, 0, 1], none)).toBeUndefined();
  });
  it('labels axes measured from a viewport camera', () => {
    expect(markersFromScreenAxes([0, 1, 0], [0, 0, -1])).toEqual({ top: 'H', right: 'P', bottom: 'F', left: 'A' });
  });
});
