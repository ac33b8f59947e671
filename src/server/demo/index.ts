/**
 * Generated demo studies: deterministic DICOM Part 10 files made by the project's own code, for
 * `npm start`, tests that need known pixel values and geometry, and benchmarks. Isomorphic: no
 * Node-only or DOM-only APIs.
 */
export {
  generateDemoStudies,
  demoStudyInstanceUIDs,
  DEMO_STUDY_KEYS,
  type DemoStudiesOptions,
} from './generateDemoStudies';
export type { DemoInstance, DemoStudyKey, DemoUids } from './demoStudies';
export { demoUid, isStrictUid } from './demoUid';

export { generateCtPhantom, ctPhantomUids, CT_IMAGE_STORAGE } from './generateCtPhantom';
export {
  describeCtPhantom,
  ctPhantomGeometry,
  CT_FIELD_OF_VIEW_MM,
  CT_COVERAGE_MM,
  type CtPhantomOptions,
  type CtPhantomGeometry,
  type CtInsert,
} from './ctPhantomGeometry';
export { renderCtSlice } from './renderCtSlice';

export { generateMrHead, mrHeadUids, MR_IMAGE_STORAGE } from './generateMrHead';
export { describeMrHead, type MrHeadOptions, type MrHeadGeometry } from './renderMrSlice';

export {
  generateUsCine,
  describeUsCine,
  usCineUids,
  US_MULTIFRAME_IMAGE_STORAGE,
  type UsCineOptions,
} from './generateUsCine';
export type { UsCineGeometry } from './renderUsFrame';

export {
  generateChestRadiograph,
  describeChestRadiograph,
  chestRadiographUids,
  DX_FOR_PRESENTATION_STORAGE,
  type ChestRadiographOptions,
} from './generateChestRadiograph';
export type { ChestRadiographGeometry } from './renderChestRadiograph';
