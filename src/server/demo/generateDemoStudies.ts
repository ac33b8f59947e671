import type { CtPhantomOptions } from './ctPhantomGeometry';
import type { DemoInstance, DemoStudyKey } from './demoStudies';
import { ctPhantomUids, generateCtPhantom } from './generateCtPhantom';
import { chestRadiographUids, generateChestRadiograph, type ChestRadiographOptions } from './generateChestRadiograph';
import { generateMrHead, mrHeadUids } from './generateMrHead';
import { generateUsCine, usCineUids, type UsCineOptions } from './generateUsCine';
import type { MrHeadOptions } from './renderMrSlice';

interface DemoStudiesOptions {
  /** Which studies to generate, in this order; default all four. */
  readonly studies?: readonly DemoStudyKey[];
  readonly ct?: CtPhantomOptions;
  readonly mr?: MrHeadOptions;
  readonly us?: UsCineOptions;
  readonly dx?: ChestRadiographOptions;
}

export const DEMO_STUDY_KEYS: readonly DemoStudyKey[] = ['ct-phantom', 'mr-head', 'us-cine', 'dx-chest'];

/** Study Instance UIDs of the default demo studies, stable across runs (for links and tests). */
export const demoStudyInstanceUIDs: Readonly<Record<DemoStudyKey, string>> = {
  'ct-phantom': ctPhantomUids().study,
  'mr-head': mrHeadUids().study,
  'us-cine': usCineUids().study,
  'dx-chest': chestRadiographUids().study,
};

/**
 * Every demo instance, one at a time, so a caller can store each file before the next is made:
 * the default 120-slice CT alone is 63 MB.
 */
export function* generateDemoStudies(options: DemoStudiesOptions = {}): Generator<DemoInstance> {
  for (const study of options.studies ?? DEMO_STUDY_KEYS) {
    switch (study) {
      case 'ct-phantom':
        yield* generateCtPhantom(options.ct);
        break;
      case 'mr-head':
        yield* generateMrHead(options.mr);
        break;
      case 'us-cine':
        yield* generateUsCine(options.us);
        break;
      case 'dx-chest':
        yield* generateChestRadiograph(options.dx);
        break;
    }
  }
}
