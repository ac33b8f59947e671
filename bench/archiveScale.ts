/**
 * `npm run bench -- --archive-scale N`: the embedded archive's study list at hospital scale.
 * Indexes N synthetic studies (syntheticStudies.ts) plus the corpus's 140-slice CT (real files, for
 * frames), then times each QIDO-RS query shape alone (p50/p95), and frame retrieval's p99 alone
 * and while SEARCH_CLIENTS clients search without pause. Everything runs in this process, through
 * the archive's own search workers and event loop, as the gateway runs them (no HTTP in between).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { entryFiles, manifest } from '../test/support/corpus';
import { openArchive, type Archive } from '../src/server/archive/archive';
import { ArchiveIndex } from '../src/server/archive/index/archiveIndex';
import { openDb } from '../src/server/archive/index/schema';
import { silentLogger } from '../src/server/archive/logger';
import { parseDicomwebRequest, type SearchRequest } from '../src/server/dicomweb/request';
import { percentile } from './stats';
import { syntheticStudies, type SyntheticSample } from './syntheticStudies';

const PAGE = 50;
const RUNS = 40;
const FRAME_REQUESTS = 400;
const SEARCH_CLIENTS = 4;
const PUBLIC_BASE = 'http://localhost/dicomweb';
const context = () => ({ accept: undefined, publicBase: PUBLIC_BASE, signal: new AbortController().signal });

interface Shape {
  name: string;
  query: string;
  /** The target p95 in ms. */
  target: number;
}

function shapes(count: number, sample: SyntheticSample): Shape[] {
  const deep = Math.min(50_000, Math.floor(count / 2 / PAGE) * PAGE);
  return [
    { name: 'first page', query: `limit=${PAGE}`, target: 50 },
    { name: `next page at offset ${deep} (seek)`, query: `limit=${PAGE}&offset=${deep}`, target: 50 },
    {
      name: `direct jump to offset ${deep + PAGE / 2} (OFFSET)`,
      query: `limit=${PAGE}&offset=${deep + PAGE / 2}`,
      target: 50,
    },
    { name: 'prefix PatientName=GAR*', query: `limit=${PAGE}&PatientName=GAR*`, target: 50 },
    { name: 'prefix, no match PatientName=ZZZ*', query: `limit=${PAGE}&PatientName=ZZZ*`, target: 50 },
    { name: 'contains PatientName=*ERS*', query: `limit=${PAGE}&PatientName=*ERS*`, target: 50 },
    { name: 'contains, no match PatientName=*ZZZQ*', query: `limit=${PAGE}&PatientName=*ZZZQ*`, target: 100 },
    {
      name: 'contains, no match StudyDescription=*nomatch*',
      query: `limit=${PAGE}&StudyDescription=*nomatch*`,
      target: 100,
    },
    { name: 'modality ModalitiesInStudy=SEG', query: `limit=${PAGE}&ModalitiesInStudy=SEG`, target: 50 },
    { name: 'modality ModalitiesInStudy=CT', query: `limit=${PAGE}&ModalitiesInStudy=CT`, target: 50 },
    { name: 'date range StudyDate=20240101-20240131', query: `limit=${PAGE}&StudyDate=20240101-20240131`, target: 50 },
    {
      name: 'date range and modality',
      query: `limit=${PAGE}&StudyDate=20230101-20231231&ModalitiesInStudy=MR`,
      target: 50,
    },
    { name: 'Patient ID exact', query: `limit=${PAGE}&PatientID=${sample.patientId}`, target: 50 },
    { name: 'Accession Number exact', query: `limit=${PAGE}&AccessionNumber=${sample.accessionNumber}`, target: 50 },
  ];
}

function request(query: string): SearchRequest {
  const parsed = parseDicomwebRequest('GET', '/studies', query);
  if (parsed.kind !== 'search') throw new Error(`not a search: ${query}`);
  return parsed;
}

function build(dataDir: string, count: number, sample: SyntheticSample): number {
  const started = performance.now();
  const { db } = openDb(path.join(dataDir, 'archive.sqlite'));
  try {
    db.pragma('synchronous = OFF');
    const index = new ArchiveIndex(db, path.join(dataDir, 'archive'));
    const batch = db.transaction((records: Parameters<ArchiveIndex['write']>[0][]) =>
      records.forEach((record) => index.write(record)),
    );
    let records = [];
    let studies = 0;
    for (const record of syntheticStudies(count, sample)) {
      records.push(record);
      if (records.length >= 2000) {
        batch(records);
        records = [];
        const done = Number(/\.(\d+)$/.exec(record.studyInstanceUID)?.[1]);
        if (done - studies >= 10_000) {
          studies = done;
          console.log(`bench: ${done} studies indexed (${((performance.now() - started) / 1000).toFixed(0)} s)`);
        }
      }
    }
    batch(records);
    db.exec('ANALYZE');
  } finally {
    db.close();
  }
  return performance.now() - started;
}

async function drain(body: Readable | Buffer | string | undefined): Promise<void> {
  if (body === undefined || typeof body === 'string' || Buffer.isBuffer(body)) return;
  for await (const _chunk of body) {
    // Read to the end: the time includes streaming the bytes, not what they are.
  }
}

interface Frame {
  study: string;
  series: string;
  instance: string;
}

async function frameLatencies(archive: Archive, frames: Frame[]): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < FRAME_REQUESTS; i++) {
    const frame = frames[i % frames.length]!;
    const started = performance.now();
    const response = await archive.retrieve({ kind: 'frames', ...frame, frames: [1] }, context());
    await drain(response.body);
    if (response.status !== 200) throw new Error(`frame answered ${response.status}`);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

async function time(archive: Archive, query: string): Promise<number> {
  const started = performance.now();
  await archive.search(request(query), context());
  return performance.now() - started;
}

const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

export async function runArchiveScale(count: number): Promise<string> {
  const load = loadavg();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'secondread-archive-scale-'));
  const sample: SyntheticSample = { patientId: '', accessionNumber: '' };
  let archive: Archive | undefined;
  try {
    console.log(`bench: indexing ${count} synthetic studies in ${dataDir}`);
    const buildMs = build(dataDir, count, sample);
    archive = await openArchive({ dataDir, logger: silentLogger });
    const ct = manifest.entries.find((entry) => entry.path === 'series/ct-philips-head-phantom-1mm/');
    if (ct === undefined) throw new Error('the corpus has no 140-slice CT');
    const frames: Frame[] = [];
    for (const file of entryFiles(ct)) {
      const outcome = await archive.ingest(new Uint8Array(await readFile(file)));
      if (!outcome.ok) throw new Error(outcome.reason);
      frames.push({
        study: outcome.studyInstanceUID,
        series: outcome.seriesInstanceUID,
        instance: outcome.sopInstanceUID,
      });
    }
    const list = shapes(count, sample);
    // Page forward to the deep page once, as a user would, so its cursor is known.
    const deep = list[1]!;
    const deepOffset = Number(new URLSearchParams(deep.query).get('offset'));
    for (let offset = 0; offset < deepOffset; offset += PAGE) await time(archive, `limit=${PAGE}&offset=${offset}`);

    const rows: string[] = [];
    const misses: string[] = [];
    for (const shape of list) {
      for (let i = 0; i < 3; i++) await time(archive, shape.query);
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) times.push(await time(archive, shape.query));
      const p95 = percentile(times, 95);
      const met = p95 <= shape.target;
      if (!met) misses.push(shape.name);
      rows.push(
        `| ${shape.name} | ${ms(percentile(times, 50))} | ${ms(p95)} | ≤ ${shape.target} | ${met ? 'met' : 'missed'} |`,
      );
      console.log(`bench: ${shape.name}: p50 ${ms(percentile(times, 50))} ms, p95 ${ms(p95)} ms`);
    }

    await frameLatencies(archive, frames.slice(0, 20));
    const quiet = percentile(await frameLatencies(archive, frames), 99);
    let searching = true;
    let searches = 0;
    const clients = Array.from({ length: SEARCH_CLIENTS }, async (_, client) => {
      for (let i = client; searching; i++) {
        await time(archive!, list[i % list.length]!.query);
        searches++;
      }
    });
    const started = performance.now();
    const busy = percentile(await frameLatencies(archive, frames), 99);
    const busySeconds = (performance.now() - started) / 1000;
    searching = false;
    await Promise.all(clients);
    const ratio = busy / quiet;
    const frameMet = ratio <= 1.2;
    if (!frameMet) misses.push('frame p99 under searches');

    return [
      `## Archive at scale: ${count.toLocaleString('en')} studies`,
      '',
      `Indexed in ${(buildMs / 1000).toFixed(0)} s; ${cpus().length} cores (${cpus()[0]?.model ?? ''}), load average ${load.map((v) => v.toFixed(2)).join(' ')} before; Node ${process.version}.`,
      `Each shape: ${RUNS} searches of ${PAGE} studies one after another (after 3 warm-up), through the archive's search workers.`,
      '',
      '| Query | p50 ms | p95 ms | Target p95 ms | |',
      '|---|---:|---:|---:|---|',
      ...rows,
      '',
      `Frame retrieval (${FRAME_REQUESTS} frames of the 140-slice CT, one at a time): p99 ${ms(quiet)} ms alone, ` +
        `${ms(busy)} ms while ${SEARCH_CLIENTS} clients searched without pause (${searches} searches in ${busySeconds.toFixed(1)} s): ` +
        `${ratio.toFixed(2)}× (target ≤ 1.2×: ${frameMet ? 'met' : 'missed'}).`,
      '',
      misses.length === 0 ? 'Every target met.' : `Missed: ${misses.join('; ')}.`,
      '',
    ].join('\n');
  } finally {
    await archive?.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
