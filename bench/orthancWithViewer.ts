import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { LoadReport, RunningOrthanc } from '../test/support/orthanc';

const PLUGIN_DIR = '/usr/share/orthanc/plugins';
const PLUGINS = ['libOrthancDicomWeb.so', 'libOrthancWebViewer.so'];

interface OrthancWithViewer {
  orthanc: RunningOrthanc;
  /** test/support/orthanc.ts's loadIntoOrthanc, bound to this Orthanc. */
  load: (files: readonly string[]) => Promise<LoadReport>;
}

/**
 * test/support/orthanc.ts's throwaway Orthanc (loopback shim, own ports, stopped by PID), with the Web
 * Viewer plugin loaded beside DICOMweb. Its API takes one plugin path, from ORTHANC_DICOMWEB_PLUGIN
 * read when the module is first evaluated; Orthanc's "Plugins" setting also accepts a folder and
 * loads every library in it. So a temp folder of links to both plugins is named there before the
 * module is imported, here and only here in bench/ (a static import elsewhere would fix the path first).
 */
export async function startOrthancWithViewer(): Promise<OrthancWithViewer> {
  const folder = await mkdtemp(path.join(tmpdir(), 'secondread-bench-plugins-'));
  await Promise.all(PLUGINS.map((name) => symlink(path.join(PLUGIN_DIR, name), path.join(folder, name))));
  process.env.ORTHANC_DICOMWEB_PLUGIN = folder;
  const { startOrthanc, loadIntoOrthanc } = await import('../test/support/orthanc');
  try {
    const orthanc = await startOrthanc({ startTimeoutMs: 60_000 });
    const plugins: unknown = await (await fetch(`${orthanc.restUrl}/plugins`)).json();
    if (!Array.isArray(plugins) || !plugins.includes('web-viewer')) {
      await orthanc.stop();
      throw new Error(`Orthanc did not load the Web Viewer plugin (plugins: ${JSON.stringify(plugins)})`);
    }
    return {
      orthanc: {
        ...orthanc,
        stop: async () => {
          await orthanc.stop();
          await rm(folder, { recursive: true, force: true });
        },
      },
      load: (files) => loadIntoOrthanc(orthanc.restUrl, files, { concurrency: 2 }),
    };
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}
