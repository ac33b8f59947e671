import type { BrowserContext, Request } from '@playwright/test';

export interface FinishedRequest {
  url: string;
  kind: 'js' | 'wasm' | 'image' | 'other';
  /** Bytes on the wire: headers plus the (possibly compressed) body. */
  bytes: number;
  /** Wall-clock ms (epoch) when the request started, comparable with performance.timeOrigin. */
  startWallMs: number;
  /** Wall-clock ms (epoch) when the last byte arrived. */
  endWallMs: number;
}

export interface NetworkLog {
  finished: FinishedRequest[];
  inFlight(): number;
  /** Wall-clock ms of the last request that started or ended. */
  lastActivityWallMs(): number;
  /** Waits for the byte counts of every finished request (they arrive asynchronously). */
  settle(): Promise<void>;
}

function kindOf(request: Request, contentType: string, imageRequest: RegExp): FinishedRequest['kind'] {
  const url = request.url();
  if (imageRequest.test(url)) return 'image';
  if (contentType.includes('wasm') || /\.wasm(\?|$)/.test(url)) return 'wasm';
  if (request.resourceType() === 'script' || contentType.includes('javascript') || /\.m?js(\?|$)/.test(url))
    return 'js';
  return 'other';
}

/**
 * Every request of a browser context, the page's and its workers' (decoders fetch their WASM from
 * workers), with bytes from Chromium's own accounting and timing.
 */
export function recordNetwork(context: BrowserContext, imageRequest: RegExp): NetworkLog {
  const finished: FinishedRequest[] = [];
  const pending: Promise<void>[] = [];
  let inFlight = 0;
  let lastActivity = Date.now();
  context.on('request', () => {
    inFlight++;
    lastActivity = Date.now();
  });
  context.on('requestfailed', () => {
    inFlight--;
    lastActivity = Date.now();
  });
  context.on('requestfinished', (request) => {
    inFlight--;
    lastActivity = Date.now();
    pending.push(
      (async () => {
        const [sizes, response] = await Promise.all([request.sizes(), request.response()]);
        const contentType = (await response?.allHeaders())?.['content-type'] ?? '';
        const timing = request.timing();
        finished.push({
          url: request.url(),
          kind: kindOf(request, contentType, imageRequest),
          bytes: sizes.responseBodySize + sizes.responseHeadersSize,
          startWallMs: timing.startTime,
          endWallMs: timing.startTime + Math.max(timing.responseEnd, 0),
        });
        // A request still finishing when its context closes has no sizes any more; it is left out.
      })().catch(() => {}),
    );
  });
  return {
    finished,
    inFlight: () => inFlight,
    lastActivityWallMs: () => lastActivity,
    settle: async () => {
      await Promise.all(pending);
    },
  };
}
