import type { Static, TSchema } from 'typebox';
import Value from 'typebox/value';

/**
 * Checks JSON from the gateway against the contract in src/api that the gateway serialises it
 * with, so a changed server answer fails at the boundary with a DecodeError naming the field,
 * not deep in a view. Value.Check interprets the schema: no generated code, which the app's
 * Content-Security-Policy (no 'unsafe-eval') would refuse.
 */
export class DecodeError extends Error {
  override name = 'DecodeError';
}

/** `value` as the contract's type, or a DecodeError that says which field of `what` is wrong. */
export function decode<T extends TSchema>(schema: T, value: unknown, what: string): Static<T> {
  if (Value.Check(schema, value)) return value;
  const [first] = Value.Errors(schema, value);
  const field = first?.instancePath ? `"${first.instancePath.slice(1)}"` : 'the answer';
  throw new DecodeError(`The ${what} from the server does not fit: ${field} ${first?.message ?? 'is malformed'}`);
}

type Absent<V> = null extends V ? undefined : never;

/**
 * The app's model of a contract type: the wire's nulls become undefined and the ISO times named
 * in `Times` become epoch milliseconds.
 */
export type Decoded<T, Times extends keyof T = never> = {
  [K in keyof T]: K extends Times ? number | Absent<T[K]> : Exclude<T[K], null> | Absent<T[K]>;
};

/** Turns a checked answer into the app's model (top-level fields only; see Decoded). */
export function decoded<T extends object, K extends keyof T & string = never>(
  json: T,
  times: readonly K[] = [],
): Decoded<T, K> {
  const isTime = (key: string) => (times as readonly string[]).includes(key);
  return Object.fromEntries(
    Object.entries(json).map(([key, value]) => [
      key,
      // The contract checked each time's date-time format, so it parses.
      value === null ? undefined : isTime(key) ? Date.parse(value as string) : value,
    ]),
  ) as Decoded<T, K>;
}
