/** Statuses that can mean "your session or link is gone": the caller then asks the gateway who we are. */
const REFUSED = new Set([401, 403, 410]);

/** The session endpoints answer 401 by design; watching them would loop. */
const SESSION_PATHS = new Set([
  '/api/me',
  '/api/share-session',
  '/api/patient-session',
  '/api/upload-session',
  '/api/login',
  '/api/logout',
]);

/** True for a same-origin /api or /dicomweb request the gateway refused in a way that may end the session. */
export function isRefusedGatewayRequest(url: string, status: number, pageOrigin: string): boolean {
  if (!REFUSED.has(status)) return false;
  let parsed: URL;
  try {
    parsed = new URL(url, pageOrigin);
  } catch {
    return false;
  }
  if (parsed.origin !== pageOrigin || SESSION_PATHS.has(parsed.pathname)) return false;
  return parsed.pathname.startsWith('/dicomweb/') || parsed.pathname.startsWith('/api/');
}

/**
 * Calls `onRefused` when any request of this page to the gateway is refused: the study list's
 * searches, the viewer's metadata and the image loader's frame requests alike, with no hook in
 * each of them. Resource Timing reports every fetch and XMLHttpRequest with its status
 * (`responseStatus`, Chromium 109+, Firefox 111+); where it is missing the session is still
 * checked when the tab becomes visible, and a recipient's every minute.
 */
export function watchRefusedRequests(onRefused: () => void): () => void {
  if (typeof PerformanceObserver === 'undefined' || !PerformanceObserver.supportedEntryTypes.includes('resource'))
    return () => undefined;
  const origin = window.location.origin;
  const observer = new PerformanceObserver((list) => {
    const refused = list.getEntries().some(
      (entry) =>
        entry instanceof PerformanceResourceTiming &&
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- browsers before 2023 leave responseStatus out
        isRefusedGatewayRequest(entry.name, entry.responseStatus ?? 0, origin),
    );
    if (refused) onRefused();
  });
  observer.observe({ type: 'resource' });
  return () => observer.disconnect();
}
