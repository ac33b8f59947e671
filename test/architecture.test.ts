import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The import rules of STYLE.md ("Imports go one way"), checked on the source text so a wrong
 * import fails CI instead of waiting for review.
 */
const srcDir = path.join(import.meta.dirname, '..', 'src');
type Area = 'app' | 'viewer' | 'dicomweb' | 'dicom' | 'server' | 'types';

const allowed: Record<Area, Area[]> = {
  app: ['app', 'viewer', 'dicomweb', 'dicom', 'types'],
  viewer: ['viewer', 'dicomweb', 'dicom', 'types'],
  dicomweb: ['dicomweb', 'dicom', 'types'],
  dicom: ['dicom', 'types'],
  server: ['server', 'dicomweb', 'dicom', 'types'],
  types: ['types'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const pattern =
    /(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;
  return [...text.matchAll(pattern)].map((m) => m[1] ?? m[2] ?? m[3]!).filter(Boolean);
}

const areaOf = (file: string) => path.relative(srcDir, file).split(path.sep)[0] as Area;
const files = sourceFiles(srcDir);

describe('architecture', () => {
  it.each(files.map((f) => [path.relative(srcDir, f), f]))('%s imports only what its layer may', (_name, file) => {
    const area = areaOf(file);
    const isTest = /\.test\.tsx?$/.test(file);
    const isCli = file.includes(`${path.sep}cli${path.sep}`);
    for (const specifier of imports(file)) {
      if (specifier.startsWith('.')) {
        const target = path.resolve(path.dirname(file), specifier);
        const targetArea = areaOf(target);
        if (!target.startsWith(srcDir)) {
          expect(isTest, `${specifier} leaves src/`).toBe(true);
          continue;
        }
        expect(allowed[area], `${area} must not import ${targetArea} (${specifier})`).toContain(targetArea);
      } else if (area === 'viewer' || area === 'dicom' || area === 'dicomweb') {
        expect(specifier, 'React belongs in src/app').not.toMatch(/^react(-dom)?(\/|$)/);
        if (area !== 'viewer' && !isTest && !isCli) {
          expect(specifier, 'src/dicom and src/dicomweb are isomorphic').not.toMatch(
            /^node:|^(fs|path|crypto|stream|zlib)$/,
          );
        }
      }
      if (area === 'app')
        expect(specifier, 'the UI talks to src/viewer, not Cornerstone').not.toMatch(/^@cornerstonejs\//);
    }
  });
});
