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

/** The app's viewer routes: `?StudyInstanceUIDs=<uid>[,<uid>]` opens those studies. */
export const VIEWER_PATH = '/viewer';
/** The viewer for a patient: `/patient/viewer?StudyInstanceUIDs=1.2.3`. */
export const PATIENT_VIEWER_PATH = '/patient/viewer';

/**
 * The server-rendered picture of the image a viewer launch opens on, which the gateway put into the
 * page (an element with id OPENING_PICTURE_ID holding an <img>), so it shows before any script runs.
 */
export const OpeningPicture = Type.Object({
  studyInstanceUID: Type.String(),
  /** The series it belongs to; its first image, as the viewer orders them (src/dicom/openingImage.ts). */
  seriesInstanceUID: Type.String(),
  /** Width of a pixel over its height: the picture is the pixel matrix, drawn at true proportions. */
  pixelAspect: Type.Number({ exclusiveMinimum: 0 }),
});
export type OpeningPicture = Static<typeof OpeningPicture>;

export const OPENING_PICTURE_ID = 'opening-picture';

export const Bootstrap = Type.Object({
  /** The text of config.json beside index.html; null when there is none. */
  configJson: Nullable(Type.String()),
  /** The probes asked, in order, up to the first that knows this browser; empty when the gateway asked none. */
  probes: Type.Array(ProbeAnswer),
  /** Where the page carries the opening image's picture; absent where it does not. */
  opening: Type.Optional(OpeningPicture),
});
export type Bootstrap = Static<typeof Bootstrap>;

/** The id of the script element that carries it. */
export const BOOTSTRAP_ELEMENT_ID = 'bootstrap';
