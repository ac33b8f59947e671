import { HttpError, notFound } from '../../errors';

/**
 * A stored instance that cannot be read or is damaged. The client gets a generic 500; the
 * detail (which may name a file) travels only in `cause`, for the log.
 */
export function unreadableInstance(detail: string, cause?: unknown): HttpError {
  const error = new HttpError(500, 'INSTANCE_UNREADABLE', 'The stored instance could not be read');
  error.cause = cause === undefined ? new Error(detail) : new Error(detail, { cause });
  return error;
}

export const noPixelData = () => notFound('The instance has no pixel data', 'PIXEL_DATA_NOT_FOUND');

/** PS3.18 9.5.2 answers a frame number beyond Number of Frames with 400; retrieval does the same. */
export const frameOutOfRange = (frame: number, numberOfFrames: number) =>
  new HttpError(
    400,
    'FRAME_OUT_OF_RANGE',
    `Frame ${frame} does not exist: the instance has ${numberOfFrames} frame(s)`,
  );
