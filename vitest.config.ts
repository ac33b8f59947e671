import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // Two projects so unit runs (src/**) never start the shared test Orthanc; vitest runs a
    // project's globalSetup only when that project has test files in the run.
    projects: [
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'], exclude: [...configDefaults.exclude] } },
      // Checks of the repository's own tooling (the lint rules); like unit, no Orthanc.
      { extends: true, test: { name: 'tooling', include: ['*.test.ts'] } },
      {
        extends: true,
        test: { name: 'integration', include: ['test/**/*.test.ts'], globalSetup: ['test/orthanc/globalSetup.ts'] },
      },
    ],
  },
});
