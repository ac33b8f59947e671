import type { SrItem } from '../../../dicom/sr/srDocument';

/** How one content item reads on screen: a section heading, a "label: value" line, or an image to jump to. */
type SrItemView =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'line'; readonly label?: string; readonly value: string }
  | { readonly kind: 'image'; readonly label?: string };

/** UCUM's "no units" (code 1) says nothing a reader needs after the number. */
function unitText(unit: { readonly value: string; readonly meaning: string } | undefined): string {
  if (!unit || unit.value === '1') return '';
  return ` ${unit.meaning || unit.value}`;
}

/** DA "20001206" as "2000-12-06"; anything else as written. */
function dicomDate(text: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text.trim());
  return match ? `${match[1]}-${match[2]}-${match[3]}` : text;
}

/** TM "120000.000" as "12:00:00" (seconds only when given); anything else as written. */
function dicomTime(text: string): string {
  const match = /^(\d{2})(\d{2})?(\d{2})?/.exec(text.trim());
  if (!match) return text;
  return [match[1], match[2] ?? '00', match[3]].filter((part) => part !== undefined).join(':');
}

/** PN "Wilson^James^^Dr" as "Dr James Wilson": the order people read names in. */
function personName(text: string): string {
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = text.split('=')[0]!.split('^');
  return [prefix, given, middle, family, suffix].filter((part) => part.trim() !== '').join(' ') || text;
}

const GRAPHIC_NAMES: Readonly<Record<string, string>> = {
  POINT: 'point',
  MULTIPOINT: 'points',
  POLYLINE: 'outline',
  CIRCLE: 'circle',
  ELLIPSE: 'ellipse',
  POLYGON: 'outline',
  ELLIPSOID: 'ellipsoid',
};

/**
 * The reading of a Structured Report item (PS3.3 C.17.3): containers become headings, values
 * follow their concept name, numbers carry their unit's meaning, references to images become
 * buttons. Nothing is dropped silently: an unknown value type still says what it was.
 */
export function srItemView(item: SrItem): SrItemView {
  const label = item.concept?.meaning || undefined;
  switch (item.kind) {
    case 'container':
      return { kind: 'heading', text: label ?? 'Section' };
    case 'text':
    case 'uidref':
      return { kind: 'line', label, value: item.text };
    case 'date':
      return { kind: 'line', label, value: dicomDate(item.text) };
    case 'time':
      return { kind: 'line', label, value: dicomTime(item.text) };
    case 'datetime':
      return {
        kind: 'line',
        label,
        value: `${dicomDate(item.text.slice(0, 8))} ${dicomTime(item.text.slice(8))}`.trim(),
      };
    case 'pname':
      return { kind: 'line', label, value: personName(item.text) };
    case 'code':
      return { kind: 'line', label, value: item.code.meaning || item.code.value };
    case 'num':
      return { kind: 'line', label, value: `${item.value}${unitText(item.unit)}` };
    case 'image':
    case 'composite':
      return { kind: 'image', label };
    case 'scoord':
    case 'scoord3d':
    case 'tcoord':
    case 'waveform':
      return {
        kind: 'line',
        label,
        value: `Marked ${GRAPHIC_NAMES[item.graphicType] ?? item.graphicType.toLowerCase()}`,
      };
    case 'unknown':
      return { kind: 'line', label, value: `(${item.valueType} item not shown)` };
  }
}
