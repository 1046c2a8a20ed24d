import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTextFile, writeFileAtomic } from '@nn/cli-kit';

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves no temporary file behind', () => {
    const folder = mkdtempSync(join(tmpdir(), 'nn-files-'));
    const path = join(folder, 'model.json');
    writeFileSync(path, 'old');
    writeFileAtomic(path, 'new text');
    expect(readFileSync(path, 'utf8')).toBe('new text');
    writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    expect(readdirSync(folder)).toEqual(['model.json']);
  });

  it('a failed write keeps the old file and cleans up', () => {
    const folder = mkdtempSync(join(tmpdir(), 'nn-files-'));
    const path = join(folder, 'model.json');
    writeFileSync(path, 'good');
    expect(() => writeFileAtomic(join(folder, 'missing-folder', 'x.json'), 'text')).toThrow();
    expect(readFileSync(path, 'utf8')).toBe('good');
    expect(readdirSync(folder)).toEqual(['model.json']);
  });
});

describe('readTextFile', () => {
  it('names the file and the reason in plain words', () => {
    const folder = mkdtempSync(join(tmpdir(), 'nn-files-'));
    expect(() => readTextFile(join(folder, 'nope.json'))).toThrow(
      `cannot read ${join(folder, 'nope.json')}: no such file`,
    );
    expect(() => readTextFile(folder)).toThrow(`cannot read ${folder}: it is a folder`);
  });
});
