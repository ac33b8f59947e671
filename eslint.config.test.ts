import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

/**
 * Proves the import rules of eslint.config.js (STYLE.md, "Imports go one way") fire: each
 * snippet is linted as if it lived at `file`, and must draw exactly the rules listed. The
 * imports name real files, because a path the resolver cannot find is never restricted.
 */
const eslint = new ESLint({
  cwd: import.meta.dirname,
  // The boundary rules need no type information; skipping it keeps each lint to milliseconds.
  overrideConfig: tseslint.configs.disableTypeChecked,
});

async function rulesFired(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return result!.messages.map((message) => message.ruleId ?? message.message);
}

const paths = 'import-x/no-restricted-paths';
const imports = 'no-restricted-imports';
const builtins = 'import-x/no-nodejs-modules';

const cases: [name: string, file: string, code: string, fired: string[]][] = [
  [
    'server imports app',
    'src/server/x.ts',
    `import { LOGIN_PATH } from '../app/routes';\nexport const a = LOGIN_PATH;`,
    [paths],
  ],
  [
    'server imports viewer',
    'src/server/x.ts',
    `import { Store } from '../viewer/store';\nexport const a = Store;`,
    [paths],
  ],
  [
    'app imports server',
    'src/app/x.ts',
    `import { loadConfig } from '../server/config';\nexport const a = loadConfig;`,
    [paths],
  ],
  [
    'app imports Cornerstone',
    'src/app/x.ts',
    `import { cache } from '@cornerstonejs/core';\nexport const a = cache;`,
    [imports],
  ],
  [
    'viewer imports react',
    'src/viewer/x.ts',
    `import { useState } from 'react';\nexport const a = useState;`,
    [imports],
  ],
  [
    'viewer imports react-dom',
    'src/viewer/x.ts',
    `import { createRoot } from 'react-dom/client';\nexport const a = createRoot;`,
    [imports],
  ],
  [
    'viewer imports app',
    'src/viewer/x.ts',
    `import { LOGIN_PATH } from '../app/routes';\nexport const a = LOGIN_PATH;`,
    [paths],
  ],
  [
    'dicom imports node:fs',
    'src/dicom/x.ts',
    `import { readFileSync } from 'node:fs';\nexport const a = readFileSync;`,
    [builtins],
  ],
  ['dicomweb imports path', 'src/dicomweb/x.ts', `import path from 'path';\nexport const a = path;`, [builtins]],
  [
    'api imports node:crypto',
    'src/api/x.ts',
    `import { randomUUID } from 'node:crypto';\nexport const a = randomUUID;`,
    [builtins],
  ],
  [
    'dicom imports dicomweb',
    'src/dicom/x.ts',
    `import { DicomwebError } from '../dicomweb/client';\nexport const a = DicomwebError;`,
    [paths],
  ],
  [
    'dicomweb imports viewer',
    'src/dicomweb/x.ts',
    `import { Store } from '../viewer/store';\nexport const a = Store;`,
    [paths],
  ],
  [
    'api imports server',
    'src/api/x.ts',
    `import { loadConfig } from '../server/config';\nexport const a = loadConfig;`,
    [paths],
  ],
  [
    'viewer imports api',
    'src/viewer/x.ts',
    `import { NoContent } from '../api/jsonTypes';\nexport const a = NoContent;`,
    [paths],
  ],
  [
    'src imports e2e',
    'src/server/x.test.ts',
    `import { ENV } from '../../e2e/environment';\nexport const a = ENV;`,
    [paths],
  ],
  [
    'non-test src imports test/',
    'src/server/x.ts',
    `import { corpusDir } from '../../test/support/corpus';\nexport const a = corpusDir;`,
    [paths],
  ],
  ['bench imports e2e', 'bench/x.ts', `import { ENV } from '../e2e/environment';\nexport const a = ENV;`, [paths]],
  // json.ts does not import sortInstances, but sortInstances.ts imports json.ts: a cycle.
  [
    'a cycle',
    'src/dicom/json.ts',
    `import { sortInstances } from './sortInstances';\nexport const a = sortInstances;`,
    ['import-x/no-cycle'],
  ],
  [
    'allowed imports',
    'src/app/x.ts',
    [
      `import { Store } from '../viewer/store';`,
      `import { DicomwebError } from '../dicomweb/client';`,
      `import { firstString } from '../dicom/json';`,
      `import { NoContent } from '../api/jsonTypes';`,
      `import { useState } from 'react';`,
      `export const a = [Store, DicomwebError, firstString, NoContent, useState];`,
    ].join('\n'),
    [],
  ],
  [
    'server imports api, dicomweb and dicom',
    'src/server/x.ts',
    `import { NoContent } from '../api/jsonTypes';\nimport { DicomwebError } from '../dicomweb/client';\nexport const a = [NoContent, DicomwebError];`,
    [],
  ],
  [
    'a dicom test may use node:fs',
    'src/dicom/x.test.ts',
    `import { readFileSync } from 'node:fs';\nexport const a = readFileSync;`,
    [],
  ],
  [
    'a src test may import test/',
    'src/server/x.test.ts',
    `import { corpusDir } from '../../test/support/corpus';\nexport const a = corpusDir;`,
    [],
  ],
];

describe('eslint.config.js import rules', () => {
  it.each(cases)('%s', async (_name, file, code, fired) => {
    expect(await rulesFired(file, code)).toEqual(fired);
  });
});
