/**
 * Errors the gateway sends as JSON `{ error, message }`. `error` is a stable code the UI maps to
 * text; `message` is for people and never carries a stack trace or a file path.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, code = 'BAD_REQUEST') => new HttpError(400, code, message);
export const notFound = (message: string, code = 'NOT_FOUND') => new HttpError(404, code, message);
export const notAcceptable = (message: string) => new HttpError(406, 'NOT_ACCEPTABLE', message);
export const methodNotAllowed = (message: string) => new HttpError(405, 'METHOD_NOT_ALLOWED', message);
export const payloadTooLarge = (limit: number) =>
  new HttpError(413, 'PAYLOAD_TOO_LARGE', `Request body exceeds the limit of ${limit} bytes`);
export const unsupportedMediaType = (message: string) => new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', message);
