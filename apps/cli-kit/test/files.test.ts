import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTextFile, removeStaleTemporaries, writeFileAtomic, writeTarget } from '@nn/cli-kit';

/** The built package, for a child process (it reads a named pipe that may block). */
const built = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const newFolder = () => mkdtempSync(join(tmpdir(), 'nn-cli-kit-'));

/** The pid of a process that ran and is gone. */
function deadPid(): number {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  return pid as number;
}

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves no temporary file behind', () => {
    const folder = newFolder();
    const path = join(folder, 'model.json');
    writeFileSync(path, 'old');
    writeFileAtomic(path, 'new text');
    expect(readFileSync(path, 'utf8')).toBe('new text');
    writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    expect(readdirSync(folder)).toEqual(['model.json']);
  });

  it('a failed write keeps the old file and cleans up', () => {
    const folder = newFolder();
    const path = join(folder, 'model.json');
    writeFileSync(path, 'good');
    expect(() => writeFileAtomic(join(folder, 'missing-folder', 'x.json'), 'text')).toThrow();
    expect(readFileSync(path, 'utf8')).toBe('good');
    expect(readdirSync(folder)).toEqual(['model.json']);
  });

  it('writes through a symbolic link to its target, and keeps the link', () => {
    const folder = newFolder();
    mkdirSync(join(folder, 'models'));
    const target = join(folder, 'models', 'real.json');
    writeFileSync(target, 'old');
    const link = join(folder, 'current.json');
    symlinkSync(join('models', 'real.json'), link); // relative, as `ln -s` makes them
    writeFileAtomic(link, 'new');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(join('models', 'real.json'));
    expect(readFileSync(target, 'utf8')).toBe('new');
    expect(readdirSync(join(folder, 'models'))).toEqual(['real.json']); // the temporary file went beside the target
    expect(readdirSync(folder).sort()).toEqual(['current.json', 'models']);
  });

  it('through a chain of links, and to a target not there yet (a dangling link)', () => {
    const folder = newFolder();
    const target = join(folder, 'real.json');
    symlinkSync('real.json', join(folder, 'one.json'));
    symlinkSync('one.json', join(folder, 'two.json'));
    expect(writeTarget(join(folder, 'two.json'))).toBe(target);
    writeFileAtomic(join(folder, 'two.json'), 'made');
    expect(readFileSync(target, 'utf8')).toBe('made');
    expect(lstatSync(join(folder, 'two.json')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(folder, 'one.json')).isSymbolicLink()).toBe(true);
  });

  it('a loop of links is an error (ELOOP), and writes nothing', () => {
    const folder = newFolder();
    symlinkSync('b', join(folder, 'a'));
    symlinkSync('a', join(folder, 'b'));
    expect(() => writeFileAtomic(join(folder, 'a'), 'x')).toThrow(expect.objectContaining({ code: 'ELOOP' }));
    expect(readdirSync(folder).sort()).toEqual(['a', 'b']);
  });

  it('removes the temporary files that killed writes to the same file left, not those of running processes or other files', () => {
    const folder = newFolder();
    const path = join(folder, 'model.json');
    const dead = [deadPid(), deadPid()];
    const stale = dead.map((pid) => `.model.json.${pid}.tmp`);
    const kept = [
      `.model.json.${process.ppid}.tmp`, // a running process: it may be writing now
      `.other.json.${dead[0]}.tmp`, // another destination's
      `.model.json.backup.${dead[0]}.tmp`, // not a pid
      'model.json.tmp',
    ];
    for (const name of [...stale, ...kept]) writeFileSync(join(folder, name), 'half a file');
    writeFileAtomic(path, 'whole');
    expect(readFileSync(path, 'utf8')).toBe('whole');
    expect(readdirSync(folder).sort()).toEqual([...kept, 'model.json'].sort());
    expect(removeStaleTemporaries(path)).toEqual([]);
  });
});

describe('writeFileAtomic: the permission bits', () => {
  it('keeps those of the file it replaces (0600 stays 0600, through a link too); a new file gets the usual ones', () => {
    const folder = newFolder();
    const path = join(folder, 'model.json');
    writeFileSync(path, 'old');
    chmodSync(path, 0o600);
    writeFileAtomic(path, 'new');
    expect(statSync(path).mode & 0o7777).toBe(0o600);
    chmodSync(path, 0o640);
    symlinkSync('model.json', join(folder, 'link.json'));
    writeFileAtomic(join(folder, 'link.json'), 'newer');
    expect(statSync(path).mode & 0o7777).toBe(0o640);
    expect(readFileSync(path, 'utf8')).toBe('newer');
    writeFileAtomic(join(folder, 'fresh.json'), 'x');
    expect(statSync(join(folder, 'fresh.json')).mode & 0o777).toBe(0o666 & ~process.umask());
  });
});

describe('writeFileAtomic: a long file name', () => {
  it('a legal name of 250 bytes is saved: its temporary file name stays under 255 bytes', () => {
    const folder = newFolder();
    const path = join(folder, `${'m'.repeat(245)}.json`);
    writeFileAtomic(path, 'first');
    writeFileAtomic(path, 'second');
    expect(readFileSync(path, 'utf8')).toBe('second');
    expect(readdirSync(folder)).toEqual([`${'m'.repeat(245)}.json`]);
  });
});

describe('readTextFile', () => {
  it('names the file and the reason in plain words', () => {
    const folder = newFolder();
    expect(() => readTextFile(join(folder, 'nope.json'))).toThrow(
      `cannot read ${join(folder, 'nope.json')}: no such file`,
    );
    expect(() => readTextFile(folder)).toThrow(`cannot read ${folder}: it is a folder`);
  });

  it('refuses a file over 256 MB before reading it (a sparse file: no disk used)', () => {
    const folder = newFolder();
    const big = join(folder, 'big.json');
    writeFileSync(big, '');
    truncateSync(big, 300 * 1024 * 1024);
    expect(() => readTextFile(big)).toThrow(`cannot read ${big}: it is larger than 256 MB`);
    writeFileSync(join(folder, 'small.json'), '{}');
    expect(() => readTextFile(join(folder, 'small.json'), { maxBytes: 1 })).toThrow('it is larger than');
  });

  it('refuses a named pipe at once, without waiting for a writer', () => {
    const folder = newFolder();
    const fifo = join(folder, 'pipe');
    execFileSync('mkfifo', [fifo]);
    // in a child process: before this was refused, the read waited for a writer for ever
    const { status, stderr } = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { readTextFile } from ${JSON.stringify(built)}; readTextFile(process.argv[1]);`,
        fifo,
      ],
      { encoding: 'utf8', timeout: 10_000 },
    );
    expect(stderr).toContain(`cannot read ${fifo}: it is not a regular file (a device, a pipe or a socket)`);
    expect(status).toBe(1);
  });
});
