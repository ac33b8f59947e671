import { answeringProbesFrom, pageBootstrap } from '../bootstrap';
import { ApiClient } from './apiClient';

/**
 * The app's one API client: the staff session's CSRF token lives in it, in memory only. Its first
 * session probes are answered from the page itself when the gateway inlined them (../bootstrap.ts).
 */
export const api = new ApiClient({
  fetch: answeringProbesFrom(pageBootstrap()?.probes ?? [], (input, init) => globalThis.fetch(input, init)),
});
