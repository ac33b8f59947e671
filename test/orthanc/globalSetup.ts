import type { TestProject } from 'vitest/node';
import { storeLoadableFiles } from '../support/corpus';
import { loadIntoOrthanc, startOrthanc } from '../support/orthanc';

/** The one Orthanc the integration tests share, loaded with the corpus's storeLoadable files. */
export interface SharedOrthanc {
  baseUrl: string;
  restUrl: string;
  /** Corpus files Orthanc stored. */
  loaded: string[];
  /** Corpus files Orthanc refused (its own limits, e.g. some YBR_FULL_422 JPEG multiframes). */
  rejected: { file: string; status: number }[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    orthanc: SharedOrthanc;
  }
}

/**
 * Starts Orthanc once per run (loading ~370 files takes seconds) and tells the test files where
 * it is through vitest's provide/inject. Tests must not write to it: a test that stores data
 * starts its own Orthanc, so searches over the shared one stay comparable.
 */
export default async function setup(project: TestProject) {
  const orthanc = await startOrthanc();
  try {
    const files = storeLoadableFiles();
    const report = await loadIntoOrthanc(orthanc.restUrl, files);
    const refused = new Set(report.rejected.map((r) => r.file));
    project.provide('orthanc', {
      baseUrl: orthanc.baseUrl,
      restUrl: orthanc.restUrl,
      loaded: files.filter((file) => !refused.has(file)),
      rejected: report.rejected,
    });
  } catch (error) {
    await orthanc.stop();
    throw error;
  }
  return () => orthanc.stop();
}
