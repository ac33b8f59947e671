/**
 * A Huffman-coded sequential DCT JPEG decoder (ITU-T T.81 SOF0 baseline, SOF1 extended) that keeps
 * the full sample precision. Cornerstone's JavaScript decoder for JPEG Extended (DICOM
 * 1.2.840.10008.1.2.4.51) level-shifts 12-bit samples by the 8-bit shift scaled by 4095/255 instead
 * of by 2048 and clips 15 levels below 4095, which lifts every grey level by about 15. This one
 * follows T.81: float inverse DCT, level shift 2^(P−1), clamp to [0, 2^P − 1]. No colour
 * transform: each component comes out as stored, upsampled to the image size.
 */
interface DecodedJpeg {
  readonly width: number;
  readonly height: number;
  readonly precision: number;
  readonly components: number;
  /** Samples interleaved by pixel (component 0, 1, … of each pixel in turn). */
  readonly samples: Uint16Array;
}

interface HuffmanTable {
  /** Per code length 1–16: the largest code (-1 when none), the smallest, and its value's index. */
  readonly maxCode: Int32Array;
  readonly minCode: Int32Array;
  readonly valueIndex: Int32Array;
  readonly values: Uint8Array;
}

interface Component {
  readonly id: number;
  readonly h: number;
  readonly v: number;
  readonly quantTable: number;
  /** Blocks per line and column in the buffer (whole MCUs). */
  readonly blocksPerLine: number;
  readonly blocksPerColumn: number;
  /** Blocks that cover the component's samples: a non-interleaved scan codes only these (T.81 A.2.2). */
  readonly visibleBlocksPerLine: number;
  readonly visibleBlocksPerColumn: number;
  /** Dequantised coefficients, 64 per block, row-major within the block. */
  readonly coefficients: Float64Array;
  dcTable?: HuffmanTable;
  acTable?: HuffmanTable;
  predictor: number;
}

interface Frame {
  precision: number;
  width: number;
  height: number;
  maxH: number;
  maxV: number;
  mcusPerLine: number;
  mcusPerColumn: number;
  components: Component[];
}

const ZIGZAG = Int32Array.from([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47,
  55, 62, 63,
]);

/** C(u)/2 · cos((2x + 1)uπ / 16), indexed [u * 8 + x] (T.81 A.3.3). */
const IDCT_BASIS = Float64Array.from({ length: 64 }, (_, index) => {
  const u = Math.floor(index / 8);
  const x = index % 8;
  return ((u === 0 ? Math.SQRT1_2 : 1) / 2) * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
});

const isRestart = (marker: number) => marker >= 0xd0 && marker <= 0xd7;

function huffmanTable(lengths: Uint8Array, values: Uint8Array): HuffmanTable {
  const maxCode = new Int32Array(17).fill(-1);
  const minCode = new Int32Array(17);
  const valueIndex = new Int32Array(17);
  let code = 0;
  let index = 0;
  for (let length = 1; length <= 16; length++) {
    const count = lengths[length - 1]!;
    if (count > 0) {
      valueIndex[length] = index;
      minCode[length] = code;
      code += count;
      index += count;
      maxCode[length] = code - 1;
    }
    code <<= 1;
  }
  return { maxCode, minCode, valueIndex, values };
}

class BitReader {
  private byte = 0;
  private left = 0;

  constructor(
    private readonly data: Uint8Array,
    public offset: number,
  ) {}

  private bit(): number {
    if (this.left === 0) {
      const byte = this.data[this.offset];
      if (byte === undefined) throw new Error('The JPEG data ends inside a scan');
      // A marker inside the entropy-coded data ends it: what follows reads as ones (T.81 F.2.2.5 fill).
      if (byte === 0xff && this.data[this.offset + 1] !== 0x00) return 1;
      this.offset += byte === 0xff ? 2 : 1;
      this.byte = byte;
      this.left = 8;
    }
    this.left--;
    return (this.byte >> this.left) & 1;
  }

  bits(n: number): number {
    let value = 0;
    for (let i = 0; i < n; i++) value = (value << 1) | this.bit();
    return value;
  }

  decode(table: HuffmanTable): number {
    let code = 0;
    for (let length = 1; length <= 16; length++) {
      code = (code << 1) | this.bit();
      if (code <= table.maxCode[length]!)
        return table.values[table.valueIndex[length]! + code - table.minCode[length]!]!;
    }
    throw new Error('The JPEG data has an invalid Huffman code');
  }

  /** The signed value of an n-bit magnitude category (T.81 F.2.2.1, EXTEND). */
  extend(n: number): number {
    if (n === 0) return 0;
    const value = this.bits(n);
    return value < 1 << (n - 1) ? value - (1 << n) + 1 : value;
  }

  /** Skips the rest of the byte and a restart marker (RSTn) if one is next. */
  restart(): void {
    this.left = 0;
    if (this.data[this.offset] === 0xff && isRestart(this.data[this.offset + 1]!)) this.offset += 2;
  }
}

function decodeBlock(reader: BitReader, component: Component, quant: Uint16Array, row: number, col: number): void {
  const out = 64 * (row * component.blocksPerLine + col);
  const coefficients = component.coefficients;
  component.predictor += reader.extend(reader.decode(component.dcTable!));
  coefficients[out] = component.predictor * quant[0]!;
  for (let k = 1; k < 64;) {
    const symbol = reader.decode(component.acTable!);
    const run = symbol >> 4;
    const size = symbol & 15;
    if (size === 0) {
      if (run !== 15) break;
      k += 16;
      continue;
    }
    k += run;
    if (k > 63) break;
    coefficients[out + ZIGZAG[k]!] = reader.extend(size) * quant[k]!;
    k++;
  }
}

function decodeScan(
  reader: BitReader,
  frame: Frame,
  scan: Component[],
  quantTables: Uint16Array[],
  restartInterval: number,
): void {
  const single = scan.length === 1 ? scan[0]! : undefined;
  const perLine = single ? single.visibleBlocksPerLine : frame.mcusPerLine;
  const total = single ? perLine * single.visibleBlocksPerColumn : frame.mcusPerLine * frame.mcusPerColumn;
  for (const component of scan) component.predictor = 0;
  for (let mcu = 0; mcu < total; mcu++) {
    if (restartInterval > 0 && mcu > 0 && mcu % restartInterval === 0) {
      reader.restart();
      for (const component of scan) component.predictor = 0;
    }
    const mcuRow = Math.floor(mcu / perLine);
    const mcuCol = mcu % perLine;
    if (single) {
      decodeBlock(reader, single, quantTables[single.quantTable]!, mcuRow, mcuCol);
      continue;
    }
    for (const component of scan) {
      const quant = quantTables[component.quantTable]!;
      for (let v = 0; v < component.v; v++)
        for (let h = 0; h < component.h; h++)
          decodeBlock(reader, component, quant, mcuRow * component.v + v, mcuCol * component.h + h);
    }
  }
  reader.restart();
}

/** Inverse DCT of every block in place, then level shift and clamp (T.81 A.3.1). */
function inverseTransform(component: Component, precision: number): void {
  const shift = 1 << (precision - 1);
  const max = (1 << precision) - 1;
  const rows = new Float64Array(64);
  const data = component.coefficients;
  for (let block = 0; block < data.length; block += 64) {
    // Rows: rows[y * 8 + x] = Σu basis[u][x] · F[y][u].
    for (let y = 0; y < 8; y++) {
      for (let x = 0; x < 8; x++) {
        let sum = 0;
        for (let u = 0; u < 8; u++) sum += IDCT_BASIS[u * 8 + x]! * data[block + y * 8 + u]!;
        rows[y * 8 + x] = sum;
      }
    }
    for (let x = 0; x < 8; x++) {
      for (let y = 0; y < 8; y++) {
        let sum = 0;
        for (let v = 0; v < 8; v++) sum += IDCT_BASIS[v * 8 + y]! * rows[v * 8 + x]!;
        const sample = Math.round(sum) + shift;
        data[block + y * 8 + x] = sample < 0 ? 0 : sample > max ? max : sample;
      }
    }
  }
}

function readFrame(data: Uint8Array, at: number): Frame {
  const precision = data[at]!;
  const height = (data[at + 1]! << 8) | data[at + 2]!;
  const width = (data[at + 3]! << 8) | data[at + 4]!;
  const count = data[at + 5]!;
  if (height === 0) throw new Error('JPEG with the height in a DNL marker is not supported');
  const specs = Array.from({ length: count }, (_, i) => ({
    id: data[at + 6 + i * 3]!,
    h: data[at + 7 + i * 3]! >> 4,
    v: data[at + 7 + i * 3]! & 15,
    quantTable: data[at + 8 + i * 3]!,
  }));
  const maxH = Math.max(...specs.map((spec) => spec.h));
  const maxV = Math.max(...specs.map((spec) => spec.v));
  const mcusPerLine = Math.ceil(width / (8 * maxH));
  const mcusPerColumn = Math.ceil(height / (8 * maxV));
  const components = specs.map((spec): Component => {
    const blocksPerLine = mcusPerLine * spec.h;
    const blocksPerColumn = mcusPerColumn * spec.v;
    return {
      ...spec,
      blocksPerLine,
      blocksPerColumn,
      visibleBlocksPerLine: Math.ceil(Math.ceil((width * spec.h) / maxH) / 8),
      visibleBlocksPerColumn: Math.ceil(Math.ceil((height * spec.v) / maxV) / 8),
      coefficients: new Float64Array(64 * blocksPerLine * blocksPerColumn),
      predictor: 0,
    };
  });
  return { precision, width, height, maxH, maxV, mcusPerLine, mcusPerColumn, components };
}

export function decodeJpegSequential(data: Uint8Array): DecodedJpeg {
  if (data[0] !== 0xff || data[1] !== 0xd8) throw new Error('Not a JPEG stream: no SOI marker');
  const quantTables: Uint16Array[] = [];
  const dcTables: HuffmanTable[] = [];
  const acTables: HuffmanTable[] = [];
  let frame: Frame | undefined;
  let restartInterval = 0;
  let at = 2;
  while (at + 3 < data.length) {
    if (data[at] !== 0xff) {
      at++;
      continue;
    }
    const marker = data[at + 1]!;
    if (marker === 0xff || marker === 0x00 || isRestart(marker)) {
      at++;
      continue;
    }
    if (marker === 0xd9) break;
    const length = (data[at + 2]! << 8) | data[at + 3]!;
    const body = at + 4;
    const end = at + 2 + length;
    if (marker === 0xdb) {
      for (let p = body; p < end;) {
        const sixteen = data[p]! >> 4;
        const table = new Uint16Array(64);
        for (let k = 0; k < 64; k++)
          table[k] = sixteen ? (data[p + 1 + 2 * k]! << 8) | data[p + 2 + 2 * k]! : data[p + 1 + k]!;
        quantTables[data[p]! & 15] = table;
        p += 1 + (sixteen ? 128 : 64);
      }
    } else if (marker === 0xc4) {
      for (let p = body; p < end;) {
        const lengths = data.subarray(p + 1, p + 17);
        const count = lengths.reduce((sum, n) => sum + n, 0);
        const table = huffmanTable(lengths, data.slice(p + 17, p + 17 + count));
        (data[p]! >> 4 ? acTables : dcTables)[data[p]! & 15] = table;
        p += 17 + count;
      }
    } else if (marker === 0xdd) {
      restartInterval = (data[body]! << 8) | data[body + 1]!;
    } else if (marker === 0xc0 || marker === 0xc1) {
      frame = readFrame(data, body);
    } else if (marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      throw new Error(`JPEG process SOF${marker - 0xc0} is not supported here: sequential Huffman DCT only`);
    } else if (marker === 0xda) {
      if (!frame) throw new Error('JPEG scan before its frame header');
      const scan = Array.from({ length: data[body]! }, (_, i) => {
        const component = frame!.components.find((c) => c.id === data[body + 1 + i * 2]);
        if (!component) throw new Error('JPEG scan names a component the frame does not have');
        const tables = data[body + 2 + i * 2]!;
        component.dcTable = dcTables[tables >> 4];
        component.acTable = acTables[tables & 15];
        return component;
      });
      const reader = new BitReader(data, end);
      decodeScan(reader, frame, scan, quantTables, restartInterval);
      at = reader.offset;
      continue;
    }
    at = end;
  }
  if (!frame) throw new Error('JPEG stream without a frame header');
  return assemble(frame);
}

function assemble(frame: Frame): DecodedJpeg {
  const { width, height, components, maxH, maxV } = frame;
  const samples = new Uint16Array(width * height * components.length);
  components.forEach((component, index) => {
    inverseTransform(component, frame.precision);
    const stride = component.blocksPerLine * 64;
    for (let y = 0; y < height; y++) {
      const cy = Math.floor((y * component.v) / maxV);
      const rowBase = (cy >> 3) * stride + (cy & 7) * 8;
      for (let x = 0; x < width; x++) {
        const cx = Math.floor((x * component.h) / maxH);
        samples[(y * width + x) * components.length + index] =
          component.coefficients[rowBase + (cx >> 3) * 64 + (cx & 7)]!;
      }
    }
  });
  return { width, height, precision: frame.precision, components: components.length, samples };
}
