/** Width in bytes of the words whose bytes a byte order change reverses. */
export type WordSize = 1 | 2 | 4 | 8;

/**
 * Reverses the bytes of every `wordSize`-byte word, e.g. Explicit VR Big Endian values into
 * little endian (PS3.5 7.3). Returns a new array; a trailing partial word (a padded odd length)
 * is copied unchanged.
 */
export function swapBytes(bytes: Uint8Array, wordSize: WordSize): Uint8Array {
  const out = new Uint8Array(bytes.length);
  const whole = bytes.length - (bytes.length % wordSize);
  for (let word = 0; word < whole; word += wordSize) {
    for (let i = 0; i < wordSize; i++) out[word + i] = bytes[word + wordSize - 1 - i]!;
  }
  out.set(bytes.subarray(whole), whole);
  return out;
}

/** Word size of a value by its VR when its byte order changes (PS3.5 Table 7.1-1 and 7.3). */
export function vrWordSize(vr: string | undefined): WordSize {
  switch (vr) {
    case 'OW':
    case 'US':
    case 'SS':
    case 'AT':
      return 2;
    case 'OF':
    case 'OL':
    case 'FL':
    case 'UL':
    case 'SL':
      return 4;
    case 'OD':
    case 'OV':
    case 'FD':
    case 'SV':
    case 'UV':
      return 8;
    default:
      return 1;
  }
}
