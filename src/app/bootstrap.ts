import {
  Bootstrap,
  BOOTSTRAP_ELEMENT_ID,
  SESSION_PROBES,
  type ProbeAnswer,
  type SessionProbePath,
} from '../api/bootstrap';
import { decode } from './api/decode';

/**
 * The start-up answers the gateway inlined into index.html (src/api/bootstrap.ts). Undefined
 * where there are none (the app served by another web server, `npm run dev`) or they do not fit
 * the contract: the app then asks for config.json and its session itself, as it always could.
 */
export function parseBootstrap(text: string | null | undefined): Bootstrap | undefined {
  if (!text) return undefined;
  try {
    return decode(Bootstrap, JSON.parse(text), 'start-up answers');
  } catch {
    return undefined;
  }
}

let inlined: Bootstrap | undefined | null = null;

/** This page's bootstrap, read once. */
export function pageBootstrap(): Bootstrap | undefined {
  if (inlined === null)
    inlined = parseBootstrap(
      typeof document === 'undefined' ? undefined : document.getElementById(BOOTSTRAP_ELEMENT_ID)?.textContent,
    );
  return inlined;
}

const isProbe = (path: string): path is SessionProbePath => (SESSION_PROBES as readonly string[]).includes(path);

/**
 * A fetch that answers the app's first round of session probes from the inlined answers, so
 * learning who the browser is costs no round trip. Each answer serves once; a probe the page holds
 * no answer for, or a second round (after a refusal, or the tab shown again), drops the rest and
 * goes to the gateway, so an old answer never stands in for a new question.
 */
export function answeringProbesFrom(answers: readonly ProbeAnswer[], network: typeof fetch): typeof fetch {
  const waiting = new Map(answers.map((answer) => [answer.path, answer]));
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    if (method === 'GET' && isProbe(url)) {
      const answer = waiting.get(url);
      if (answer) {
        waiting.delete(url);
        return Promise.resolve(
          new Response(JSON.stringify(answer.body), {
            status: answer.status,
            headers: { 'content-type': 'application/json' },
          }),
        );
      }
      waiting.clear();
    }
    return network(input, init);
  };
}
