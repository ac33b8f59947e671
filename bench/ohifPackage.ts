import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

interface OhifBuild {
  version: string;
  /** The package's prebuilt dist/ folder. */
  distDir: string;
}

/**
 * `npm pack @ohif/app` into bench/.cache and unpacks it: the tarball ships the built viewer in
 * dist/, so nothing is compiled here. The pinned version keeps runs comparable; the tarball is
 * downloaded once and never committed.
 */
export async function ohifBuild(cacheDir: string, version: string): Promise<OhifBuild> {
  const folder = path.join(cacheDir, `ohif-app-${version}`);
  const distDir = path.join(folder, 'package', 'dist');
  if (existsSync(path.join(distDir, 'index.html'))) return { version, distDir };
  await mkdir(folder, { recursive: true });
  await run('npm', ['pack', `@ohif/app@${version}`, '--silent', '--pack-destination', folder], {
    cwd: cacheDir,
    maxBuffer: 1 << 20,
  });
  const tarball = (await readdir(folder)).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack @ohif/app@${version} wrote no tarball into ${folder}`);
  await run('tar', ['xzf', tarball], { cwd: folder });
  await rm(path.join(folder, tarball));
  if (!existsSync(path.join(distDir, 'index.html'))) {
    throw new Error(
      `@ohif/app@${version} has no prebuilt dist/index.html: it cannot be benchmarked without building OHIF`,
    );
  }
  return { version, distDir };
}
