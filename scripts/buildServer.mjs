// Builds the gateway to plain JavaScript in dist-server/ (`npm run build:server [outDir]`; `npm start`,
// `npm test` and the test gateways call it): main.js, and searchWorker.js and encodeWorker.js for the QIDO
// and HTJ2K worker threads.
// Packages stay in node_modules (better-sqlite3 is native). The build is redone whenever a file it
// was made from or made has different content now, or is gone, so a stale server build never runs:
// content, not mtimes, because a checkout or a copy can leave sources older than a build they no
// longer match. Checking costs a few milliseconds; building, well under a second.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(import.meta.dirname, '..');
export const serverOutDir = path.join(root, 'dist-server');
/** Beside the outputs: the hash of every file the build read and wrote. */
const MANIFEST = 'build-manifest.json';
/** Files that shape the output without being bundled themselves. */
const settingsFiles = ['scripts/buildServer.mjs', 'tsconfig.json'];

/** Builds into outDir unless it holds a build of exactly the current sources; says which it did. */
export async function ensureServerBuild(outDir = serverOutDir) {
  if (isCurrent(outDir)) return 'current';
  await buildServer(outDir);
  return 'built';
}

async function buildServer(outDir) {
  rmSync(path.join(outDir, MANIFEST), { force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: {
      main: 'src/server/main.ts',
      searchWorker: 'src/server/archive/qido/searchWorker.ts',
      encodeWorker: 'src/server/htj2k/encodeWorker.ts',
    },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceDirname(outDir)],
  });
  const files = [...Object.keys(result.metafile.inputs), ...settingsFiles, ...Object.keys(result.metafile.outputs)];
  const manifest = Object.fromEntries(files.map((file) => [file, hashOf(file)]));
  writeFileSync(path.join(outDir, MANIFEST), JSON.stringify(manifest, null, 1));
}

function isCurrent(outDir) {
  const manifestFile = path.join(outDir, MANIFEST);
  if (!existsSync(manifestFile)) return false;
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  return Object.entries(manifest).every(([file, hash]) => hashOf(file) === hash);
}

/** The content hash of a file relative to the root; undefined when it is gone. */
function hashOf(file) {
  const absolute = path.join(root, file);
  if (!existsSync(absolute)) return undefined;
  return createHash('sha256').update(readFileSync(absolute)).digest('hex');
}

/**
 * Bundled code keeps reading the files that lie beside its source (security/pages.css): each
 * `import.meta.dirname` becomes its source folder, relative to the bundle so the checkout can move.
 * `import.meta.url` stays the bundle's own, which is how searchPool.ts and htj2k/encoder.ts find their workers.
 */
const sourceDirname = (outDir) => ({
  name: 'source-dirname',
  setup(esbuild) {
    esbuild.onLoad({ filter: /\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.dirname')) return undefined;
      const fromBundle = path.relative(outDir, path.dirname(args.path)).split(path.sep).join('/');
      return {
        contents: source.replaceAll(
          'import.meta.dirname',
          `(import.meta.dirname + ${JSON.stringify(`/${fromBundle}`)})`,
        ),
        loader: 'ts',
      };
    });
  },
});

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outDir = path.resolve(process.argv[2] ?? serverOutDir);
  try {
    const outcome = await ensureServerBuild(outDir);
    console.log(outcome === 'built' ? `Built the gateway into ${outDir}` : `The gateway build in ${outDir} is current`);
  } catch {
    // esbuild has printed what it could not compile.
    console.error('The gateway could not be built; see the errors above.');
    process.exit(1);
  }
}
