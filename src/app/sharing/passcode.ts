/** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand (no 0/O/o, 1/l/I). */
export const PASSCODE_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A passcode for a share link: three groups of four from PASSCODE_ALPHABET (about 69 bits), from
 * the browser's cryptographic random source. Bytes past the last whole multiple of the alphabet
 * are drawn again, so no character comes up more often than another.
 */
export function generatePasscode(): string {
  const size = PASSCODE_ALPHABET.length;
  const limit = 256 - (256 % size);
  const chars: string[] = [];
  while (chars.length < 12) {
    for (const byte of crypto.getRandomValues(new Uint8Array(16))) {
      if (byte < limit && chars.length < 12) chars.push(PASSCODE_ALPHABET[byte % size]!);
    }
  }
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8)].map((group) => group.join('')).join('-');
}
