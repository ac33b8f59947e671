import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '../test/support/gatewayProcess';

/**
 * Builds the SPA into bench/.cache rather than dist/: teammates' Playwright runs serve dist/, and a
 * bench must not swap their files mid-test. `reuse` skips the build when one is already there.
 */
export async function buildSecondRead(cacheDir: string, reuse: boolean): Promise<string> {
  const outDir = path.join(cacheDir, 'secondread-dist');
  if (reuse && existsSync(path.join(outDir, 'index.html'))) return outDir;
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  await promisify(execFile)(
    process.execPath,
    [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    {
      cwd: repoRoot,
      maxBuffer: 16 << 20,
    },
  );
  return outDir;
}
