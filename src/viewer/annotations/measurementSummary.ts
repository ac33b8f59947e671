/**
 * What the measurement list says about an annotation: the tool in words and its values with
 * units, from the statistics Cornerstone caches on it (`data.cachedStats`, one entry per image or
 * volume it was measured on). Pure.
 */

const TOOL_LABELS: Readonly<Record<string, string>> = {
  Length: 'Length',
  Angle: 'Angle',
  CobbAngle: 'Cobb angle',
  EllipticalROI: 'Ellipse',
  CircleROI: 'Circle',
  RectangleROI: 'Rectangle',
  PlanarFreehandROI: 'Freehand',
  Bidirectional: 'Bidirectional',
  Probe: 'Probe',
  ArrowAnnotate: 'Arrow',
};

export function toolLabelOf(tool: string): string {
  return TOOL_LABELS[tool] ?? tool;
}

type Stats = Readonly<Record<string, unknown>>;

/** The statistics for the image the annotation is on, else the first entry there is. */
export function statsFor(cachedStats: unknown, imageId: string | undefined): Stats | undefined {
  if (!cachedStats || typeof cachedStats !== 'object') return undefined;
  const entries = cachedStats as Record<string, unknown>;
  const entry = (imageId !== undefined && entries[`imageId:${imageId}`]) || Object.values(entries)[0];
  return entry && typeof entry === 'object' ? (entry as Stats) : undefined;
}

/** A number, or a decimal string: measurements read back from an SR carry their DS text. */
function number(value: unknown): number | undefined {
  const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof parsed === 'number' && Number.isFinite(parsed) ? parsed : undefined;
}

/** One decimal; areas and other values of 100 or more as whole numbers ("120 mm²", "42.1 mm"). */
function rounded(value: number, decimals = Math.abs(value) >= 100 ? 0 : 1): string {
  return value.toFixed(decimals);
}

/** A unit Cornerstone reports for pixel values, or '' when the values have none ('raw'). */
function valueUnit(stats: Stats): string {
  const unit = stats.modalityUnit;
  return typeof unit === 'string' && unit !== 'raw' ? unit : '';
}

const withUnit = (value: string, unit: unknown) => (typeof unit === 'string' && unit ? `${value} ${unit}` : value);

function areaSummary(stats: Stats): string {
  const unit = valueUnit(stats);
  const mean = number(stats.mean);
  const stdDev = number(stats.stdDev);
  const area = number(stats.area);
  return [
    mean !== undefined && withUnit(`Mean ${rounded(mean, 1)}`, unit),
    stdDev !== undefined && `SD ${rounded(stdDev, 1)}`,
    area !== undefined && withUnit(rounded(area), stats.areaUnit),
  ]
    .filter(Boolean)
    .join(' · ');
}

function probeSummary(stats: Stats): string {
  const { value } = stats;
  const values = Array.isArray(value) ? value.map(number) : [number(value)];
  if (values.length === 0 || values.some((item) => item === undefined)) return '';
  return withUnit(values.map((item) => rounded(item!, 1)).join(', '), valueUnit(stats));
}

export function summaryOf(tool: string, stats: Stats | undefined): string {
  if (!stats) return '';
  switch (tool) {
    case 'Length': {
      const length = number(stats.length);
      return length === undefined ? '' : withUnit(rounded(length, 1), stats.unit);
    }
    case 'Angle':
    case 'CobbAngle': {
      const angle = number(stats.angle);
      return angle === undefined ? '' : `${rounded(angle, 1)}°`;
    }
    case 'Bidirectional': {
      const length = number(stats.length);
      const width = number(stats.width);
      return length === undefined || width === undefined
        ? ''
        : withUnit(`${rounded(length, 1)} × ${rounded(width, 1)}`, stats.unit);
    }
    case 'EllipticalROI':
    case 'CircleROI':
    case 'RectangleROI':
    case 'PlanarFreehandROI':
      return areaSummary(stats);
    case 'Probe':
      return probeSummary(stats);
    default:
      return '';
  }
}
