import { Type, type TSchema } from 'typebox';

/**
 * Building blocks the HTTP API contracts share. Each one is plain JSON Schema underneath, so the
 * gateway's Fastify validates and serialises with it, and the app checks answers with it.
 */

/** A point in time on the wire: ISO 8601 in UTC, as `Date.prototype.toISOString()` writes it. */
export const IsoTime = Type.String({ format: 'date-time' });

/** A value the gateway sends as `null` when there is none (never leaves the key out). */
export const Nullable = <T extends TSchema>(type: T) => Type.Union([type, Type.Null()]);

/** One of a fixed set of strings; `type: 'string'` keeps validation messages about strings. */
export const StringEnum = <const T extends string[]>(values: readonly [...T]) => Type.Enum(values, { type: 'string' });

/** The body of a 204 answer: none. */
export const NoContent = Type.Null();

/** The body of every refusal: a stable code the UI maps to words, and a message for people. */
export const ApiErrorBody = Type.Object({ error: Type.String(), message: Type.String() });
