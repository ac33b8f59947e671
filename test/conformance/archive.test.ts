import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { firstString, type DicomJsonDataset } from '../../src/dicom/json';
import { archiveFixture, type ArchiveFixture } from '../support/archive/archiveFixture';
import { ATTRIBUTE_RULES } from './allowList';
import { framesPath, judgeFrames, orthancFrames, ourFrames, type FramesAnswer } from './compareFrames';
import { Comparison, unusedRules } from './compareServers';
import { FRAMES_RULES } from './framesAllowList';
import { forEachLimited } from './forEachLimited';
import { globalSearches, studyFacts, studySearches, type StudyFacts } from './queries';
import { SEARCH_RESULT_RULES } from './searchAllowList';
import { gatewayServer, orthancServer } from './servers';

/**
 * The embedded archive against Orthanc 1.10.1 on the same files (the shared test Orthanc's corpus
 * load): QIDO-RS at every level with each kind of filter, WADO-RS metadata attribute by attribute,
 * frames byte for byte. Differences must be listed in the allow-lists with a reason; any other
 * difference fails.
 */

const orthanc = inject('orthanc');
let archive: ArchiveFixture;
let facts: StudyFacts[];

beforeAll(async () => {
  archive = await archiveFixture();
  for (const file of orthanc.loaded) {
    const outcome = await archive.archive.ingest(new Uint8Array(await readFile(file)));
    if (!outcome.ok) throw new Error(`The archive refused ${file}: ${outcome.reason}`);
  }
  facts = await studyFacts(orthanc.baseUrl);
});
afterAll(() => archive?.dispose());

const compare = () => new Comparison(orthancServer(orthanc.baseUrl), gatewayServer(archive.app));
const rulesFor = (endpoint: string) => ATTRIBUTE_RULES.filter((rule) => rule.endpoint.includes(endpoint));

describe('conformance: embedded archive vs Orthanc', () => {
  it('holds the same instances', () => {
    expect(archive.archive.instanceCount()).toBe(orthanc.loaded.length);
  });

  it('QIDO-RS: every search answers like Orthanc, or differs as documented', async () => {
    const comparison = compare();
    const paths = [...globalSearches(facts), ...facts.flatMap(studySearches)].map((search) => search.path);
    await forEachLimited(paths, (path) => comparison.search(path));
    expect(comparison.findings).toEqual([]);
    expect(unusedRules([...SEARCH_RESULT_RULES, ...rulesFor('QIDO-RS')], comparison.hits)).toEqual([]);
  });

  it('WADO-RS metadata: every study like Orthanc, attribute by attribute, or as documented', async () => {
    const comparison = compare();
    await forEachLimited(facts, (study) => comparison.metadata(`/studies/${study.study}/metadata`));
    expect(comparison.findings).toEqual([]);
    expect(unusedRules(rulesFor('WADO-RS metadata'), comparison.hits)).toEqual([]);
  });

  it('WADO-RS frames: byte-identical as stored, and with no Accept header, or as documented', async () => {
    const response = await fetch(`${orthanc.baseUrl}/instances?includefield=NumberOfFrames`, {
      headers: { accept: 'application/dicom+json' },
    });
    const instances = (await response.json()) as DicomJsonDataset[];
    // As stored for every instance; with no Accept (Orthanc transcodes, slowly) for one instance per series.
    const perSeries = [...new Map(instances.map((instance) => [firstString(instance, '0020000E'), instance])).values()];
    const jobs = [
      ...instances.map((instance) => ({ instance, accept: 'stored' as const })),
      ...perSeries.map((instance) => ({ instance, accept: 'default' as const })),
    ];
    const theirs = new Map<(typeof jobs)[number], FramesAnswer>();
    await forEachLimited(
      jobs,
      async (job) => void theirs.set(job, await orthancFrames(orthanc.baseUrl, framesPath(job.instance), job.accept)),
      2,
    );
    const findings: string[] = [];
    const hits = new Map<string, number>();
    await forEachLimited(jobs, async (job) => {
      const outcome = judgeFrames(
        job.instance,
        job.accept,
        theirs.get(job)!,
        await ourFrames(archive.app, framesPath(job.instance), job.accept),
      );
      if (outcome.finding !== undefined) findings.push(outcome.finding);
      if (outcome.rule !== undefined) hits.set(outcome.rule, (hits.get(outcome.rule) ?? 0) + 1);
    });
    expect(findings).toEqual([]);
    expect(unusedRules(FRAMES_RULES, hits)).toEqual([]);
  });
});
