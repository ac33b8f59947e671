/**
 * A sentence for a failed image load. The wadors loader rejects with the XMLHttpRequest itself
 * (not an Error) on HTTP failures, and decoders reject with Errors or plain strings.
 */
export function describeLoadError(error: unknown): string {
  if (typeof XMLHttpRequest !== 'undefined' && error instanceof XMLHttpRequest) {
    return error.status ? `The archive answered ${error.status} for this image` : 'The archive could not be reached';
  }
  // Before the Error case: a refused progressive frame request is an Error with the HTTP status (progressive.ts).
  if (error && typeof error === 'object' && 'status' in error && typeof error.status === 'number') {
    return `The archive answered ${error.status} for this image`;
  }
  if (error instanceof Error) return `The image could not be decoded: ${error.message}`;
  if (typeof error === 'string' && error) return `The image could not be decoded: ${error}`;
  return 'The image could not be loaded';
}

/** Rejects after `ms` unless the promise settles first; decode workers can fail without ever answering. */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** An abort signal that also fires after `ms`: metadata and bulk-data requests must not wait forever. */
export function withDeadline(signal: AbortSignal | undefined, ms: number): AbortSignal {
  const deadline = AbortSignal.timeout(ms);
  return signal ? AbortSignal.any([signal, deadline]) : deadline;
}
