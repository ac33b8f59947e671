/**
 * UID syntax for identifiers that travel in URLs. PS3.5 9.1 allows digits and dots, at most 64
 * characters; real archives hold UIDs with leading zeros in a component, so those are accepted.
 */
const UID_PATTERN = /^[0-9]+(\.[0-9]+)*$/;

export function isUid(value: string): boolean {
  return value.length > 0 && value.length <= 64 && UID_PATTERN.test(value);
}

/**
 * A new UID in the 2.25 form: a random UUID as one decimal integer (PS3.5 B.2), so no organisation
 * root is needed and two writers never collide. Uses Web Crypto, present in browsers and Node.
 */
export function newUid(): string {
  return `2.25.${BigInt(`0x${globalThis.crypto.randomUUID().replaceAll('-', '')}`).toString(10)}`;
}
