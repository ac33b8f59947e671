/**
 * Generated demo studies: deterministic DICOM Part 10 files made by the project's own code, for
 * `npm start`, tests that need known pixel values and geometry, and benchmarks. Isomorphic: no
 * Node-only or DOM-only APIs.
 */
export { generateDemoStudies, demoStudyInstanceUIDs, DEMO_STUDY_KEYS } from './generateDemoStudies';
export type { DemoStudyKey } from './demoStudies';
export { ctPhantomGeometry } from './ctPhantomGeometry';
