// `npm start`: builds the web app when it has not been built yet, builds the gateway to
// JavaScript when its build is missing or stale (scripts/buildServer.mjs), then runs the built one.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureServerBuild, serverOutDir } from './buildServer.mjs';

const root = path.resolve(import.meta.dirname, '..');
const staticDir = path.resolve(root, process.env.STATIC_DIR ?? 'dist');

if (!existsSync(path.join(staticDir, 'index.html'))) {
  console.log('Building the web app (first start)…');
  const build = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', staticDir],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
}

try {
  if ((await ensureServerBuild()) === 'built') console.log(`Built the gateway into ${serverOutDir}`);
} catch {
  // esbuild has printed what it could not compile.
  console.error('The gateway could not be built; see the errors above.');
  process.exit(1);
}

const gateway = spawn(process.execPath, ['--enable-source-maps', path.join(serverOutDir, 'main.js')], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, STATIC_DIR: staticDir },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => gateway.kill(signal));
gateway.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
