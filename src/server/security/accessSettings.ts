import type { Config } from '../config';

/** The access-control settings of Config, in milliseconds where they are durations. */
export interface AccessSettings {
  sessionIdleMs: number;
  sessionMaxMs: number;
  shareMaxMs: number;
  shareSessionMs: number;
  /** Extra CSP connect-src sources, for the app's direct mode. */
  cspConnectSrc: string[];
  /** Shown to link recipients next to the sender's name; none when unset. */
  institutionName?: string;
  /** REPLY_MAX_BYTES: the largest SR/KOS reply a link recipient may store at once. */
  replyMaxBytes: number;
  /** PATIENT_LINK_MAX_DAYS: the longest a patient access link may be valid. */
  patientLinkMaxMs: number;
  /** UPLOAD_LINK_MAX_DAYS: the longest an upload-request link may be valid. */
  uploadLinkMaxMs: number;
  /** UPLOAD_LINK_MAX_BYTES: what one upload link may hold in quarantine, so a link cannot fill the disk. */
  uploadLinkMaxBytes: number;
}

export function accessSettings(config: Config): AccessSettings {
  return {
    sessionIdleMs: config.sessionIdleSeconds * 1000,
    sessionMaxMs: config.sessionMaxSeconds * 1000,
    shareMaxMs: config.shareMaxSeconds * 1000,
    shareSessionMs: config.shareSessionSeconds * 1000,
    cspConnectSrc: config.cspConnectSrc,
    institutionName: config.institutionName,
    replyMaxBytes: config.replyMaxBytes,
    patientLinkMaxMs: config.patientLinkMaxDays * 24 * 60 * 60 * 1000,
    uploadLinkMaxMs: config.uploadLinkMaxDays * 24 * 60 * 60 * 1000,
    uploadLinkMaxBytes: config.uploadLinkMaxBytes,
  };
}
