/**
 * Narrowing for JSON from the gateway: each reader returns the typed value or throws a
 * DecodeError naming the field, so a changed server answer fails at the boundary, not deep in a view.
 */
export class DecodeError extends Error {
  override name = 'DecodeError';
}

export type Fields = Record<string, unknown>;

export function object(value: unknown, what: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new DecodeError(`${what} is not an object`);
  return value as Fields;
}

export function string(fields: Fields, key: string): string {
  const value = fields[key];
  if (typeof value !== 'string') throw new DecodeError(`"${key}" is not a string`);
  return value;
}

export function optionalString(fields: Fields, key: string): string | undefined {
  const value = fields[key];
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') throw new DecodeError(`"${key}" is not a string`);
  return value;
}

export function number(fields: Fields, key: string): number {
  const value = fields[key];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new DecodeError(`"${key}" is not a number`);
  return value;
}

export function optionalNumber(fields: Fields, key: string): number | undefined {
  const value = fields[key];
  return value === null || value === undefined ? undefined : number(fields, key);
}

export function boolean(fields: Fields, key: string): boolean {
  const value = fields[key];
  if (typeof value !== 'boolean') throw new DecodeError(`"${key}" is not a boolean`);
  return value;
}

export function array<T>(fields: Fields, key: string, item: (value: unknown) => T): T[] {
  const value = fields[key];
  if (!Array.isArray(value)) throw new DecodeError(`"${key}" is not a list`);
  return value.map(item);
}

export function oneOf<T extends string>(fields: Fields, key: string, allowed: readonly T[]): T {
  const value = string(fields, key);
  if (!(allowed as readonly string[]).includes(value))
    throw new DecodeError(`"${key}" is not one of ${allowed.join(', ')}`);
  return value as T;
}

/** An ISO 8601 time as epoch milliseconds. */
export function time(fields: Fields, key: string): number {
  const ms = Date.parse(string(fields, key));
  if (Number.isNaN(ms)) throw new DecodeError(`"${key}" is not a time`);
  return ms;
}

export function optionalTime(fields: Fields, key: string): number | undefined {
  return optionalString(fields, key) === undefined ? undefined : time(fields, key);
}

export const stringItem = (value: unknown): string => {
  if (typeof value !== 'string') throw new DecodeError('a list item is not a string');
  return value;
};
