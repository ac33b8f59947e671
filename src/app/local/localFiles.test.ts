import { describe, expect, it } from 'vitest';
import { setLocalFiles, takeLocalFiles } from './localFiles';

const file = (name: string) => new File([new Uint8Array([1, 2, 3])], name);

describe('local files handed to /local', () => {
  it('gives the files set, once', () => {
    const files = [file('a.dcm'), file('b.dcm')];
    setLocalFiles(files);
    files.pop(); // the caller's array is not the one kept
    expect(takeLocalFiles().map((taken) => taken.name)).toEqual(['a.dcm', 'b.dcm']);
    expect(takeLocalFiles()).toEqual([]);
  });

  it('keeps only the latest set', () => {
    setLocalFiles([file('old.dcm')]);
    setLocalFiles([file('new.dcm')]);
    expect(takeLocalFiles().map((taken) => taken.name)).toEqual(['new.dcm']);
  });
});
