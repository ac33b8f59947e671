import path from 'node:path';

/** Vite names each file under assets/ by a hash of its content: a changed file gets a new URL. */
export const HASHED_ASSET_CACHE = 'public, max-age=31536000, immutable';
/** index.html (and the SPA routes that answer it), favicon, manifest: revalidated before each use, so a new build shows at once. */
const REVALIDATED_CACHE = 'no-cache';

/** The Cache-Control of a file the gateway serves from the built web app in `root`. */
export function staticCacheControl(root: string, file: string): string {
  const relative = path.relative(root, file).split(path.sep);
  return relative.length > 1 && relative[0] === 'assets' ? HASHED_ASSET_CACHE : REVALIDATED_CACHE;
}
