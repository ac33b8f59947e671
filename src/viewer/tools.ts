/**
 * What the rest of the app knows of the measurement tools without their code: the names a reader
 * picks from. Cornerstone's tools themselves load after the first image (toolsLoader.ts).
 */

/** The tools a reader can put on the left mouse button. */
export const PRIMARY_TOOLS = [
  'WindowLevel',
  'Pan',
  'Zoom',
  'StackScroll',
  'Length',
  'Angle',
  'RectangleROI',
  'EllipticalROI',
  'Probe',
  'ArrowAnnotate',
  'Eraser',
] as const;
export type PrimaryTool = (typeof PRIMARY_TOOLS)[number];

/**
 * The text a new arrow gets: the tool throws away an arrow whose text comes back empty, and it
 * must not block the page asking for one. The viewer clears it once the arrow is drawn; the reader
 * labels the arrow in the measurement list.
 */
export const NEW_ARROW_TEXT = ' ';
