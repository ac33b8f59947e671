import type { AuditRow } from '../store/auditLog';
import type { AuditEventType } from './auditEvent';

/**
 * FHIR R4 AuditEvent for one audit record, shaped after IHE Basic Audit Log Patterns (BALP):
 * DICOM audit codes (PS3.15 A.5, CID 400-403) for authentication, security alerts and instance
 * access, RESTful interaction codes for share management. Chain hashes travel as entity
 * details so an export can be checked against the database.
 */
interface Coding {
  system: string;
  code: string;
  display: string;
}

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const REST = 'http://terminology.hl7.org/CodeSystem/audit-event-type';
const INTERACTION = 'http://hl7.org/fhir/restful-interaction';

const dcm = (code: string, display: string): Coding => ({ system: DCM, code, display });
const AUTHENTICATION = dcm('110114', 'User Authentication');
const SECURITY_ALERT = dcm('110113', 'Security Alert');
const LOGIN = dcm('110122', 'Login');
const LOGOUT = dcm('110123', 'Logout');
const RESTRICTED = dcm('110132', 'Use of Restricted Function');
const USER_ATTRIBUTES = dcm('110137', 'User Security Attributes Changed');
const REST_TYPE: Coding = { system: REST, code: 'rest', display: 'Restful Operation' };

interface Mapping {
  type: Coding;
  subtype: Coding;
  action: 'C' | 'R' | 'U' | 'D' | 'E';
}

const MAPPINGS: Record<AuditEventType, Mapping> = {
  'setup.completed': { type: SECURITY_ALERT, subtype: USER_ATTRIBUTES, action: 'C' },
  'user.created': { type: SECURITY_ALERT, subtype: USER_ATTRIBUTES, action: 'C' },
  'login.succeeded': { type: AUTHENTICATION, subtype: LOGIN, action: 'E' },
  'login.failed': { type: AUTHENTICATION, subtype: LOGIN, action: 'E' },
  'login.throttled': { type: SECURITY_ALERT, subtype: RESTRICTED, action: 'E' },
  logout: { type: AUTHENTICATION, subtype: LOGOUT, action: 'E' },
  'share.created': {
    type: REST_TYPE,
    subtype: { system: INTERACTION, code: 'create', display: 'create' },
    action: 'C',
  },
  'share.revoked': {
    type: REST_TYPE,
    subtype: { system: INTERACTION, code: 'delete', display: 'delete' },
    action: 'D',
  },
  'share.extended': {
    type: REST_TYPE,
    subtype: { system: INTERACTION, code: 'update', display: 'update' },
    action: 'U',
  },
  'share.opened': { type: AUTHENTICATION, subtype: LOGIN, action: 'E' },
  'share.refused': { type: AUTHENTICATION, subtype: LOGIN, action: 'E' },
  'share.passcodeFailed': { type: AUTHENTICATION, subtype: LOGIN, action: 'E' },
  'share.lockedOut': { type: SECURITY_ALERT, subtype: RESTRICTED, action: 'E' },
  'share.passcodeBlocked': { type: SECURITY_ALERT, subtype: RESTRICTED, action: 'E' },
  'share.unlocked': {
    type: REST_TYPE,
    subtype: { system: INTERACTION, code: 'update', display: 'update' },
    action: 'U',
  },
  // DICOM: instances stored into the archive are Transferred (DCM 110104), created here.
  'share.replied': {
    type: dcm('110104', 'DICOM Instances Transferred'),
    subtype: { system: INTERACTION, code: 'create', display: 'create' },
    action: 'C',
  },
  'report.saved': {
    type: dcm('110104', 'DICOM Instances Transferred'),
    subtype: { system: INTERACTION, code: 'create', display: 'create' },
    action: 'C',
  },
  'request.denied': { type: SECURITY_ALERT, subtype: RESTRICTED, action: 'E' },
  'credential.unknown': { type: AUTHENTICATION, subtype: LOGIN, action: 'E' },
  'study.accessed': {
    type: dcm('110103', 'DICOM Instances Accessed'),
    subtype: { system: INTERACTION, code: 'read', display: 'read' },
    action: 'R',
  },
  'patient.linkCreated': {
    type: REST_TYPE,
    subtype: { system: INTERACTION, code: 'create', display: 'create' },
    action: 'C',
  },
  'patient.linkRevoked': {
    type: REST_TYPE,
    subtype: { system: INTERACTION, code: 'delete', display: 'delete' },
    action: 'D',
  },
  // A patient proving who they are is a login under their link, as a share recipient's open is.
  'patient.opened': { type: AUTHENTICATION, subtype: LOGIN, action: 'E' },
  'patient.verifyFailed': { type: AUTHENTICATION, subtype: LOGIN, action: 'E' },
  'patient.lockedOut': { type: SECURITY_ALERT, subtype: RESTRICTED, action: 'E' },
  'upload.linkCreated': {
    type: REST_TYPE,
    subtype: { system: INTERACTION, code: 'create', display: 'create' },
    action: 'C',
  },
  'upload.linkRevoked': {
    type: REST_TYPE,
    subtype: { system: INTERACTION, code: 'delete', display: 'delete' },
    action: 'D',
  },
  // DICOM: instances received from outside are Imported (DCM 110107), into quarantine first…
  'upload.received': {
    type: dcm('110107', 'Import'),
    subtype: { system: INTERACTION, code: 'create', display: 'create' },
    action: 'C',
  },
  // …then Transferred into the archive when staff accept them, or deleted when they reject them.
  'upload.accepted': {
    type: dcm('110104', 'DICOM Instances Transferred'),
    subtype: { system: INTERACTION, code: 'create', display: 'create' },
    action: 'C',
  },
  'upload.rejected': {
    type: REST_TYPE,
    subtype: { system: INTERACTION, code: 'delete', display: 'delete' },
    action: 'D',
  },
  // BALP / DICOM: moving instances off the system is Export (PS3.15 A.5.3.6, DCM 110106).
  'study.downloaded': {
    type: dcm('110106', 'Export'),
    subtype: { system: INTERACTION, code: 'read', display: 'read' },
    action: 'R',
  },
};

const ENTITY_TYPE = 'http://terminology.hl7.org/CodeSystem/audit-entity-type';
const ENTITY_ROLE = 'http://terminology.hl7.org/CodeSystem/object-role';

type FhirResource = Record<string, unknown>;

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  return JSON.parse(text) as T;
}

function detailString(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function toFhirAuditEvent(row: AuditRow): FhirResource {
  // row.type is whatever the log holds; a type this build does not know maps to a security alert.
  const mapping = (MAPPINGS as Partial<Record<string, Mapping>>)[row.type] ?? {
    type: SECURITY_ALERT,
    subtype: RESTRICTED,
    action: 'E',
  };
  const detail = parseJson<Record<string, unknown>>(row.detail, {});
  const studies = parseJson<string[]>(row.studies, []);
  const who = row.actor_kind === 'anonymous' ? 'anonymous' : (row.actor_name ?? row.actor_kind);

  const agent: FhirResource = {
    type: {
      coding: [
        { system: 'http://terminology.hl7.org/CodeSystem/v3-RoleClass', code: 'PROV', display: 'healthcare provider' },
      ],
    },
    who: {
      ...(row.actor_id === null
        ? {}
        : { identifier: { system: `urn:secondread:${row.actor_kind}`, value: row.actor_id } }),
      display: who,
    },
    requestor: row.actor_kind !== 'system',
    ...(row.ip === null ? {} : { network: { address: row.ip, type: '2' } }),
  };

  const entities: FhirResource[] = studies.map((uid) => ({
    what: { identifier: { system: 'urn:dicom:uid', value: `urn:oid:${uid}` } },
    type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
    role: { system: ENTITY_ROLE, code: '3', display: 'Report' },
  }));
  if (row.share_id !== null) {
    entities.push({
      what: { identifier: { system: 'urn:secondread:share', value: row.share_id }, display: 'share link' },
      type: { system: ENTITY_TYPE, code: '2', display: 'System Object' },
    });
  }
  entities.push({
    what: { identifier: { system: 'urn:secondread:audit', value: String(row.id) }, display: row.type },
    type: { system: ENTITY_TYPE, code: '4', display: 'Other' },
    detail: [
      ...Object.entries(detail).map(([key, value]) => ({ type: key, valueString: detailString(value) })),
      { type: 'prevHash', valueString: row.prev_hash },
      { type: 'hash', valueString: row.hash },
    ],
  });

  const failure = row.outcome !== 'success';
  return {
    resourceType: 'AuditEvent',
    id: String(row.id),
    type: mapping.type,
    subtype: [mapping.subtype],
    action: mapping.action,
    recorded: new Date(row.at).toISOString(),
    outcome: failure ? '4' : '0',
    ...(failure && typeof detail.reason === 'string' ? { outcomeDesc: detail.reason } : {}),
    agent: [agent],
    source: {
      site: 'SecondRead',
      observer: { display: 'SecondRead gateway' },
      type: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/security-source-type',
          code: '4',
          display: 'Application Server',
        },
      ],
    },
    entity: entities,
  };
}

/** A FHIR R4 `collection` Bundle of AuditEvents. */
export function toFhirBundle(rows: AuditRow[], now: number): FhirResource {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    timestamp: new Date(now).toISOString(),
    entry: rows.map((row) => ({ resource: toFhirAuditEvent(row) })),
  };
}
