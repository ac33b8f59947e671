import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Two projects so unit runs (src/**) never start the shared test Orthanc; vitest runs a
    // project's globalSetup only when that project has test files in the run.
    projects: [
      // Two files at once even on two cores (vitest's default there is one): unit files spend most of
      // their time starting up and importing, so the pair overlaps well (149 s → 104 s measured here).
      // The integration project runs after them, one file at a time: its files share one Orthanc.
      // (Projects with different maxWorkers must run in different sequence groups.)
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts'],
          exclude: [...configDefaults.exclude],
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      // Checks of the repository's own tooling (the lint rules, the bench's throttling relay); like unit, no Orthanc.
      {
        extends: true,
        test: {
          name: 'tooling',
          include: ['*.test.ts', 'bench/**/*.test.ts'],
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          globalSetup: ['test/orthanc/globalSetup.ts'],
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
