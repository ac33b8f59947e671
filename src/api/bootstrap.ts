import { Type, type Static } from 'typebox';
import { Nullable, StringEnum } from './jsonTypes';

/**
 * What the gateway puts into index.html (`<script type="application/json" id="bootstrap">`), so
 * the app starts without asking for config.json and its session first: a remote reader's first
 * image then waits for no round trip but the HTML's own.
 */

/** The GET paths the app asks, in this order, to learn who the browser is (a staff member, a link's recipient…). */
export const SESSION_PROBES = ['/api/me', '/api/share-session', '/api/patient-session', '/api/upload-session'] as const;
export type SessionProbePath = (typeof SESSION_PROBES)[number];

/** The gateway's answer to one probe for this page's request, as the app would have received it. */
export const ProbeAnswer = Type.Object({
  path: StringEnum([...SESSION_PROBES]),
  status: Type.Integer(),
  body: Type.Unknown(),
});
export type ProbeAnswer = Static<typeof ProbeAnswer>;

export const Bootstrap = Type.Object({
  /** The text of config.json beside index.html; null when there is none. */
  configJson: Nullable(Type.String()),
  /** The probes asked, in order, up to the first that knows this browser; empty when the gateway asked none. */
  probes: Type.Array(ProbeAnswer),
});
export type Bootstrap = Static<typeof Bootstrap>;

/** The id of the script element that carries it. */
export const BOOTSTRAP_ELEMENT_ID = 'bootstrap';
