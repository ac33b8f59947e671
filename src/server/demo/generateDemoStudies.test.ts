import { describe, expect, it } from 'vitest';
import { isStrictUid } from './demoUid';
import { DEMO_STUDY_KEYS, demoStudyInstanceUIDs, generateDemoStudies } from './generateDemoStudies';
import { readBack } from './readBack';

describe('generateDemoStudies', () => {
  const small = { ct: { slices: 4, rows: 64, columns: 64 }, mr: { slices: 3 }, us: { frames: 4 }, dx: { matrix: 256 } };

  it('yields every study, one instance at a time, each its own study with its own patient', () => {
    const generator = generateDemoStudies(small);
    const first = generator.next();
    expect(first.done).toBe(false);
    const instances = [first.value, ...generator].filter((instance) => instance !== undefined);
    expect(instances.map((instance) => instance.study)).toEqual([
      ...Array<string>(4).fill('ct-phantom'),
      ...Array<string>(3).fill('mr-head'),
      'us-cine',
      'dx-chest',
    ]);
    const byStudy = new Map<string, Set<string>>();
    for (const instance of instances) {
      const file = readBack(instance.file);
      expect(file.string('StudyInstanceUID')).toBe(instance.studyInstanceUID);
      expect(file.string('InstitutionName')).toBe('SecondRead Demo');
      expect(file.string('PatientName')?.startsWith('DEMO^')).toBe(true);
      byStudy.set(
        instance.studyInstanceUID,
        (byStudy.get(instance.studyInstanceUID) ?? new Set()).add(file.string('PatientID') ?? ''),
      );
    }
    expect(byStudy.size).toBe(4);
    expect(new Set([...byStudy.values()].flatMap((ids) => [...ids])).size).toBe(4);
  });

  it('generates only the studies asked for', () => {
    const studies = new Set(
      [...generateDemoStudies({ ...small, studies: ['us-cine'] })].map((instance) => instance.study),
    );
    expect([...studies]).toEqual(['us-cine']);
  });

  it('publishes stable, valid, distinct default Study Instance UIDs', () => {
    const uids = DEMO_STUDY_KEYS.map((key) => demoStudyInstanceUIDs[key]);
    expect(new Set(uids).size).toBe(4);
    for (const uid of uids) expect(isStrictUid(uid)).toBe(true);
    expect(demoStudyInstanceUIDs['ct-phantom']).toBe('2.25.272944190681139697717112479315146454053');
  });
});
