import { firstNumber, firstString, type DicomJsonDataset } from '../../dicom/json';

/**
 * Overlay planes (PS3.3 C.9.2): 1-bit graphics or regions of interest kept beside the pixels in
 * the repeating groups 6000–601E, shown over the image. Pure: the Overlay Data bytes come
 * resolved (InlineBinary or a fetched BulkDataURI).
 */
export interface OverlayPlane {
  /** The group, 0x6000 … 0x601E. */
  readonly group: number;
  readonly rows: number;
  readonly columns: number;
  /** Overlay Origin (60xx,0050): image row and column, 1-based, of the overlay's top-left bit. */
  readonly origin: readonly [row: number, column: number];
  /** Overlay Type (60xx,0040): Graphics or ROI; both are drawn the same. */
  readonly type: 'G' | 'R';
  /** Number of Frames in Overlay (60xx,0015); absent: one overlay frame over every image frame. */
  readonly frames?: number;
  /** Image Frame Origin (60xx,0051): the image frame the first overlay frame belongs to. */
  readonly imageFrameOrigin: number;
  /** Overlay Data (60xx,3000): bits packed from the least significant bit of each byte, row by row. */
  readonly data: Uint8Array;
}

/** What a plane needs besides its bits; read from the data set before the bits are fetched. */
type OverlayDescription = Omit<OverlayPlane, 'data'> & { readonly dataTag: string };

const GROUPS = Array.from({ length: 16 }, (_, i) => 0x6000 + 2 * i);

const tagOf = (group: number, element: string) => `${group.toString(16).toUpperCase()}${element}`;

/**
 * The overlay planes a data set describes. Planes embedded in the high bits of Pixel Data
 * (Overlay Bits Allocated > 1, retired since 2004) and planes without Overlay Data are left out.
 */
export function overlayDescriptions(dataset: DicomJsonDataset): OverlayDescription[] {
  return GROUPS.flatMap((group): OverlayDescription[] => {
    const rows = firstNumber(dataset, tagOf(group, '0010'));
    const columns = firstNumber(dataset, tagOf(group, '0011'));
    const dataTag = tagOf(group, '3000');
    if (!rows || !columns || !dataset[dataTag]) return [];
    if ((firstNumber(dataset, tagOf(group, '0100')) ?? 1) !== 1) return [];
    const origin = dataset[tagOf(group, '0050')]?.Value;
    const originRow = typeof origin?.[0] === 'number' ? origin[0] : 1;
    const originColumn = typeof origin?.[1] === 'number' ? origin[1] : 1;
    const frames = firstNumber(dataset, tagOf(group, '0015'));
    return [
      {
        group,
        rows,
        columns,
        origin: [originRow, originColumn],
        type: firstString(dataset, tagOf(group, '0040'))?.trim() === 'R' ? 'R' : 'G',
        ...(frames !== undefined && frames > 0 && { frames }),
        imageFrameOrigin: firstNumber(dataset, tagOf(group, '0051')) ?? 1,
        dataTag,
      },
    ];
  });
}

/**
 * The overlay frame (0-based) drawn over image frame `frameNumber` (1-based), or undefined when
 * the overlay has none for that frame (C.9.2.1.2: overlay frame n covers image frame
 * Image Frame Origin + n − 1). A single-frame overlay without Number of Frames in Overlay covers every frame.
 */
export function overlayFrameFor(plane: Pick<OverlayPlane, 'frames' | 'imageFrameOrigin'>, frameNumber: number) {
  if (plane.frames === undefined) return 0;
  const index = frameNumber - plane.imageFrameOrigin;
  return index >= 0 && index < plane.frames ? index : undefined;
}

/** One overlay frame as 0/1 per overlay pixel, row by row; bits run on across frames without padding. */
export function unpackOverlayFrame(plane: OverlayPlane, overlayFrame: number): Uint8Array {
  const count = plane.rows * plane.columns;
  const mask = new Uint8Array(count);
  const first = overlayFrame * count;
  for (let i = 0; i < count; i++) {
    const bit = first + i;
    mask[i] = ((plane.data[bit >> 3] ?? 0) >> (bit & 7)) & 1;
  }
  return mask;
}

/**
 * Every plane that covers image frame `frameNumber`, merged into one image-sized mask (1 where
 * some plane has a bit set), placed at each plane's origin and clipped to the image; undefined when none covers it.
 */
export function overlayMask(
  planes: readonly OverlayPlane[],
  frameNumber: number,
  imageRows: number,
  imageColumns: number,
): Uint8Array | undefined {
  let mask: Uint8Array | undefined;
  for (const plane of planes) {
    const overlayFrame = overlayFrameFor(plane, frameNumber);
    if (overlayFrame === undefined) continue;
    const bits = unpackOverlayFrame(plane, overlayFrame);
    mask ??= new Uint8Array(imageRows * imageColumns);
    const [top, left] = [plane.origin[0] - 1, plane.origin[1] - 1];
    for (let r = 0; r < plane.rows; r++) {
      const row = top + r;
      if (row < 0 || row >= imageRows) continue;
      for (let c = 0; c < plane.columns; c++) {
        const column = left + c;
        if (column >= 0 && column < imageColumns && bits[r * plane.columns + c]) mask[row * imageColumns + column] = 1;
      }
    }
  }
  return mask;
}
