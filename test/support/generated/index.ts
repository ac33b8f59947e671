import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describeFile, type ExtraEntry } from '../describeDicomFile';
import { enhancedObjects } from './enhanced';
import { imageKindObjects } from './imageKinds';
import type { GeneratedObject } from './types';

/** Every generated test object: enhanced multi-frame (`enhanced/…`) and image kinds (`kinds/…`). */
function generatedObjects(): GeneratedObject[] {
  return [...enhancedObjects(), ...imageKindObjects()];
}

/**
 * Writes every generated object under `dir` and describes each as MANIFEST.json does (paths
 * `generated/<name>`), with the expectation its generator gives.
 */
export async function writeGeneratedCorpus(dir: string): Promise<ExtraEntry[]> {
  return Promise.all(
    generatedObjects().map(async (object) => {
      const file = path.join(dir, ...object.name.split('/'));
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, object.bytes);
      return { ...describeFile(file, `generated/${object.name}`, object.bytes, 'generated'), expect: object.expect };
    }),
  );
}
