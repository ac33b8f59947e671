import { afterEach, describe, expect, it, vi } from 'vitest';
import { archiveFixture, type ArchiveFixture } from '../../../../test/support/archive/archiveFixture';

/**
 * The gateway's first QIDO used to wait ~250 ms for the search workers to boot, on the first
 * image's critical path: the gateway now starts them when it opens the archive, and tools that
 * never search (import, reindex) still start none.
 */
const booted = vi.hoisted(() => ({ searchWorkers: 0 }));

vi.mock('node:worker_threads', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:worker_threads')>();
  class CountingWorker extends real.Worker {
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      super(...args);
      if (String(args[0]).includes('searchWorker')) booted.searchWorkers += 1;
    }
  }
  return { ...real, Worker: CountingWorker };
});

let fixture: ArchiveFixture | undefined;
const searchStudies = () =>
  fixture!.app.inject({ method: 'GET', url: '/dicomweb/studies', headers: { host: 'localhost:80' } });
afterEach(async () => {
  await fixture?.dispose();
  fixture = undefined;
  booted.searchWorkers = 0;
});

describe('search workers', () => {
  it('are running once a serving archive is open, before any search', async () => {
    fixture = await archiveFixture({ archive: { startSearchWorkers: true, searchWorkers: 2 } });
    expect(booted.searchWorkers).toBe(2);
    const found = await searchStudies();
    expect(found.statusCode).toBe(200);
    expect(found.json()).toEqual([]);
    expect(booted.searchWorkers).toBe(2);
  });

  it('start with the first search where the archive is opened without them', async () => {
    fixture = await archiveFixture({ archive: { searchWorkers: 2 } });
    expect(booted.searchWorkers).toBe(0);
    const found = await searchStudies();
    expect(found.statusCode).toBe(200);
    expect(booted.searchWorkers).toBe(2);
  });
});
