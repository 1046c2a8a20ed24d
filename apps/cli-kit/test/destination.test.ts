import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDestinations, destinationProblem, writeFailure } from '@nn/cli-kit';

describe('destinationProblem', () => {
  const folder = mkdtempSync(join(tmpdir(), 'nn-cli-kit-'));
  const aFile = join(folder, 'a-file');
  writeFileSync(aFile, '');
  mkdirSync(join(folder, 'sub'));

  it('none for a file in a folder that can be written, a link to one included', () => {
    expect(destinationProblem(join(folder, 'm.json'))).toBeUndefined();
    symlinkSync(join('sub', 'm.json'), join(folder, 'link.json'));
    expect(destinationProblem(join(folder, 'link.json'))).toBeUndefined();
  });

  it.each([
    ['a folder', () => folder, 'it is a folder, not a file'],
    ['a path ending in /', () => join(folder, 'out/'), 'it names a folder, not a file'],
    ['a missing folder', () => join(folder, 'none', 'm.json'), `the folder ${join(folder, 'none')} does not exist`],
    ['a file as the folder', () => join(aFile, 'x', 'm.json'), `${aFile} is a file, not a folder`],
  ])('%s', (_, path, problem) => {
    expect(destinationProblem(path())).toBe(problem);
  });

  it("a link whose target's folder is missing names that folder", () => {
    symlinkSync(join('gone', 'm.json'), join(folder, 'dangling.json'));
    expect(destinationProblem(join(folder, 'dangling.json'))).toBe(`the folder ${join(folder, 'gone')} does not exist`);
  });
});

describe('destinationProblem: a folder that takes no new file', () => {
  // /proc passes access(W_OK) for root, yet creating a file there fails (ENOENT): the save would
  // fail after training, so the check creates the save's temporary file there and removes it
  const root = process.getuid?.() === 0;
  it.runIf(existsSync('/proc/self'))('refuses /proc before training', () => {
    const problem = root ? 'the folder /proc cannot take a new file' : 'the folder /proc is not writable';
    expect(destinationProblem('/proc/x.json')).toBe(problem);
    expect(() => checkDestinations({ save: '/proc/x.json' }, ['save'])).toThrow(`--save /proc/x.json: ${problem}`);
  });

  it('leaves nothing behind in a folder that takes the file, and never removes a file it did not make', () => {
    const folder = mkdtempSync(join(tmpdir(), 'nn-cli-kit-probe-'));
    expect(destinationProblem(join(folder, 'm.json'))).toBeUndefined();
    expect(readdirSync(folder)).toEqual([]);
    const other = `.m.json.${process.pid}.tmp`; // what the probe would create: here already
    writeFileSync(join(folder, other), 'not ours');
    expect(destinationProblem(join(folder, 'm.json'))).toBeUndefined();
    expect(readdirSync(folder)).toEqual([other]);
  });
});

describe('writeFailure', () => {
  it('plain words, no errno code', () => {
    const error = Object.assign(new Error("ENOSPC: no space left on device, write '.m.json.1.tmp'"), {
      code: 'ENOSPC',
    });
    expect(writeFailure('m.json', error)).toBe('could not save the network to m.json: no space left on the device');
  });

  it('never the errno code or the temporary file name, whatever the error', () => {
    const tooLong = Object.assign(new Error("ENAMETOOLONG: name too long, open '/tmp/.mmmm.123.tmp'"), {
      code: 'ENAMETOOLONG',
      errno: -36,
    });
    expect(writeFailure('m.json', tooLong)).toBe('could not save the network to m.json: the file name is too long');
    const io = Object.assign(new Error("EIO: i/o error, write '/tmp/.m.json.123.tmp'"), { code: 'EIO', errno: -5 });
    expect(writeFailure('m.json', io)).toBe('could not save the network to m.json: i/o error');
    const odd = Object.assign(new Error("EWHAT: odd, rename '/tmp/.m.json.123.tmp'"), { code: 'EWHAT' });
    expect(writeFailure('m.json', odd)).not.toMatch(/EWHAT|\.tmp/);
  });
});

describe('destinationProblem: only a regular file is replaced', () => {
  const folder = mkdtempSync(join(tmpdir(), 'nn-cli-kit-fifo-'));
  const fifo = join(folder, 'pipe');
  execFileSync('mkfifo', [fifo]);

  it('refuses a named pipe, and a link to one, without opening it', () => {
    expect(destinationProblem(fifo)).toBe('it is not a regular file (a device, a pipe or a socket)');
    symlinkSync('pipe', join(folder, 'link-to-pipe'));
    expect(destinationProblem(join(folder, 'link-to-pipe'))).toBe(
      'it is not a regular file (a device, a pipe or a socket)',
    );
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });
});

describe('checkDestinations: two flags, one file', () => {
  const folder = mkdtempSync(join(tmpdir(), 'nn-cli-kit-same-'));
  mkdirSync(join(folder, 'sub'));
  symlinkSync('sub', join(folder, 'sub-link'));
  symlinkSync(join('sub', 'm.json'), join(folder, 'm-link.json'));
  const flags = ['save', 'save-onnx'];

  it.each([
    ['the same path', join(folder, 'm.json'), join(folder, 'm.json')],
    ['a link to the other', join(folder, 'sub', 'm.json'), join(folder, 'm-link.json')],
    ['through a linked folder', join(folder, 'sub', 'm.json'), join(folder, 'sub-link', 'm.json')],
    ['with ..', join(folder, 'm.json'), join(folder, 'sub', '..', 'm.json')],
  ])('%s is refused, naming both', (_, a, b) => {
    expect(() => checkDestinations({ save: a, 'save-onnx': b }, flags)).toThrow(
      `--save-onnx ${b}: it is the same file as --save ${a}`,
    );
  });

  it('two files are fine', () => {
    expect(() =>
      checkDestinations({ save: join(folder, 'm.json'), 'save-onnx': join(folder, 'm.onnx') }, flags),
    ).not.toThrow();
  });
});
