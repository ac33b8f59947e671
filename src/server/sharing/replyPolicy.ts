import type { SharedStudy } from '../store/shares';

/**
 * Whether a link recipient's reply (STOW-RS under a share session), or a radiologist's saved
 * report, may be stored: pure functions from the parsed instances, the scope they may reach and
 * what the backend says about the study, so every rule is tested without a server.
 * sharing/replyUpload.ts reads the body and asks the backend.
 */

/** The SOP classes a reply may hold: structured reports and key object selections. */
export const REPLY_SOP_CLASSES: Readonly<Record<string, string>> = {
  '1.2.840.10008.5.1.4.1.1.88.11': 'Basic Text SR',
  '1.2.840.10008.5.1.4.1.1.88.22': 'Enhanced SR',
  '1.2.840.10008.5.1.4.1.1.88.33': 'Comprehensive SR',
  '1.2.840.10008.5.1.4.1.1.88.34': 'Comprehensive 3D SR',
  '1.2.840.10008.5.1.4.1.1.88.59': 'Key Object Selection',
};

/**
 * What an upload may go into and reference: a share's studies (and series, when series-scoped),
 * or for a radiologist's Save the study the instances name, all of it.
 */
export interface UploadScope {
  studies: readonly SharedStudy[];
  seriesScoped: boolean;
  /** How refusals name it: "this share", "the study". */
  name: string;
}

/** The patient a study belongs to, as the reply names it or the backend stores it ('' when absent). */
export interface PatientFacts {
  patientID: string;
  patientName: string;
  patientBirthDate: string;
}

/** One instance of a reply, as parsed from its Part 10 bytes. */
export interface ReplyInstance {
  sopClassUID: string;
  sopInstanceUID: string;
  studyUID: string;
  seriesUID: string;
  patient: PatientFacts;
  /** Every ReferencedSOPInstanceUID anywhere in the data set (evidence, content items…). */
  references: string[];
}

/** Where an instance is stored. */
export interface InstancePlace {
  study: string;
  series: string;
}

/** What the backend said about the UIDs the reply names. */
export interface ReplyFacts {
  /** The stored patient of each study the reply goes into; a study the backend lacks is absent. */
  studies: ReadonlyMap<string, PatientFacts>;
  /** Where each referenced instance is stored; one the backend lacks is absent. */
  referenced: ReadonlyMap<string, InstancePlace>;
  /** The reply's SOP Instance UIDs that are stored already. */
  existingInstances: ReadonlySet<string>;
  /** The reply's Series Instance UIDs that are stored already. */
  existingSeries: ReadonlySet<string>;
}

export type ReplyRefusalCode =
  | 'EMPTY_REPLY'
  | 'DUPLICATE_INSTANCE'
  | 'SOP_CLASS_NOT_ALLOWED'
  | 'OUT_OF_SCOPE'
  | 'REFERENCE_OUT_OF_SCOPE'
  | 'STUDY_NOT_FOUND'
  | 'PATIENT_MISMATCH'
  | 'INSTANCE_EXISTS'
  | 'SERIES_EXISTS';

export type ReplyVerdict =
  { ok: true } | { ok: false; status: 400 | 403 | 409; code: ReplyRefusalCode; message: string };

const OK: ReplyVerdict = { ok: true };
const refuse = (status: 400 | 403 | 409, code: ReplyRefusalCode, message: string): ReplyVerdict => ({
  ok: false,
  status,
  code,
  message,
});

/**
 * The checks that need no backend, run first so nothing is looked up for a reply that cannot
 * pass: at least one instance, each once, each an SR or KOS, each into a shared study (and into
 * the study of the path, when the path names one).
 */
export function screenReply(instances: readonly ReplyInstance[], pathStudy: string | undefined, scope: UploadScope) {
  if (instances.length === 0) return refuse(400, 'EMPTY_REPLY', 'The reply holds no instance');
  const seen = new Set<string>();
  for (const instance of instances) {
    const uid = instance.sopInstanceUID;
    if (seen.has(uid)) return refuse(400, 'DUPLICATE_INSTANCE', `Instance ${uid} appears more than once in the reply`);
    seen.add(uid);
    if (REPLY_SOP_CLASSES[instance.sopClassUID] === undefined)
      return refuse(
        403,
        'SOP_CLASS_NOT_ALLOWED',
        `Instance ${uid} is of SOP class ${instance.sopClassUID}; only structured reports and key object selections may be stored here`,
      );
    if (pathStudy !== undefined && instance.studyUID !== pathStudy)
      return refuse(403, 'OUT_OF_SCOPE', `Instance ${uid} belongs to study ${instance.studyUID}, not ${pathStudy}`);
    if (!scope.studies.some((s) => s.study === instance.studyUID))
      return refuse(
        403,
        'OUT_OF_SCOPE',
        `Instance ${uid} belongs to study ${instance.studyUID}, which is not part of ${scope.name}`,
      );
  }
  return OK;
}

/**
 * The checks against the stored data, after screenReply passed: every reference inside the share
 * (in a shared series when the share is series-scoped), the patient the study's, and nothing
 * that exists already: a reply never overwrites or adds to stored series.
 */
export function judgeReply(instances: readonly ReplyInstance[], scope: UploadScope, facts: ReplyFacts): ReplyVerdict {
  for (const instance of instances) {
    const uid = instance.sopInstanceUID;
    const stored = facts.studies.get(instance.studyUID);
    if (stored === undefined)
      return refuse(
        409,
        'STUDY_NOT_FOUND',
        `Study ${instance.studyUID} is not stored; the instances have nowhere to go`,
      );
    const differs = PATIENT_ATTRIBUTES.find(([key]) => normalise(instance.patient[key]) !== normalise(stored[key]));
    if (differs !== undefined)
      return refuse(409, 'PATIENT_MISMATCH', `Instance ${uid}: ${differs[1]} differs from the study's`);
    if (facts.existingInstances.has(uid)) return refuse(409, 'INSTANCE_EXISTS', `Instance ${uid} is stored already`);
    if (facts.existingSeries.has(instance.seriesUID))
      return refuse(
        409,
        'SERIES_EXISTS',
        `Series ${instance.seriesUID} is stored already; a reply or report goes into a new series`,
      );
    for (const reference of instance.references) {
      if (!insideScope(facts.referenced.get(reference), scope))
        return refuse(
          403,
          'REFERENCE_OUT_OF_SCOPE',
          `Instance ${uid} references ${reference}, which is not part of ${scope.name}`,
        );
    }
  }
  return OK;
}

const PATIENT_ATTRIBUTES: readonly (readonly [keyof PatientFacts, string])[] = [
  ['patientID', 'PatientID'],
  ['patientName', 'PatientName'],
  ['patientBirthDate', 'PatientBirthDate'],
];

/** Trailing spaces are padding and trailing carets empty name components (PS3.5 6.2): neither is a difference. */
const normalise = (value: string) => value.replace(/[\s^]+$/, '');

function insideScope(place: InstancePlace | undefined, scope: UploadScope): boolean {
  if (place === undefined) return false;
  const shared = scope.studies.find((s) => s.study === place.study);
  if (shared === undefined) return false;
  return !scope.seriesScoped || shared.series.includes(place.series);
}
