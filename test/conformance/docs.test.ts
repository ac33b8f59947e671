import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ATTRIBUTE_RULES, STOW_NOTES } from './allowList';
import { FRAMES_RULES } from './framesAllowList';
import { SEARCH_RESULT_RULES } from './searchAllowList';

describe('docs/conformance.md', () => {
  it('lists every allowed difference', () => {
    const doc = readFileSync(path.join(import.meta.dirname, '..', '..', 'docs', 'conformance.md'), 'utf8');
    const ids = [...SEARCH_RESULT_RULES, ...ATTRIBUTE_RULES, ...FRAMES_RULES, ...STOW_NOTES].map((rule) => rule.id);
    expect(ids.filter((id) => !doc.includes(`\`${id}\``))).toEqual([]);
  });
});
