import {
  closeSync,
  constants,
  fchmodSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { escaped, UsageError } from './args';
import { createHash } from 'node:crypto';

/** Symbolic links followed before giving up, as the system does (ELOOP). */
const MAX_LINKS = 40;

/**
 * The file a write to `path` replaces: `path` itself, or, when `path` is a symbolic link, the file
 * it points to (through every link, even to a file not there yet). Saving over a link then updates
 * its target and keeps the link, as `echo > link` does.
 */
export function writeTarget(path: string): string {
  let target = path;
  for (let links = 0; links < MAX_LINKS; links++) {
    try {
      if (!lstatSync(target).isSymbolicLink()) return target;
    } catch {
      return target; // not there (yet): the write creates it
    }
    try {
      return realpathSync(target);
    } catch {
      target = resolve(dirname(target), readlinkSync(target)); // a link to a missing file: one step by hand
    }
  }
  throw Object.assign(new Error(`${path}: too many levels of symbolic links`), { code: 'ELOOP' });
}

/** The longest base name, in UTF-8 bytes, a temporary file's name keeps whole. */
const LONGEST_KEPT_NAME = 200;

/**
 * The part of `target`'s name in its temporary files' names: the name itself when it is short,
 * else its first bytes (whole characters) and a hash of the whole name, so that `.name.PID.tmp`
 * stays under the 255 bytes a file name may have (a 250-byte name is legal, its temporary would not be).
 */
function temporaryStem(target: string): string {
  const name = basename(target);
  if (Buffer.byteLength(name) <= LONGEST_KEPT_NAME) return name;
  let kept = '';
  for (const c of name) {
    if (Buffer.byteLength(kept + c) > LONGEST_KEPT_NAME - 10) break;
    kept += c;
  }
  return `${kept}~${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

/** The temporary file this process writes before renaming it over `target`. */
export const temporaryOf = (target: string, pid = process.pid) =>
  join(dirname(target), `.${temporaryStem(target)}.${pid}.tmp`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0: is it there? (sends nothing)
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH'; // EPERM: there, but another user's
  }
}

/**
 * Removes the temporary files that earlier writes to `target` left when they were killed before
 * they could (`.name.PID.tmp` of a process no longer running). Those of running processes stay:
 * they may be writing now. Files of other names are not touched.
 */
export function removeStaleTemporaries(target: string): string[] {
  const prefix = `.${temporaryStem(target)}.`;
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dirname(target));
  } catch {
    return removed;
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) continue;
    const pid = entry.slice(prefix.length, -'.tmp'.length);
    if (!/^[1-9]\d*$/.test(pid) || Number(pid) === process.pid || alive(Number(pid))) continue;
    try {
      rmSync(join(dirname(target), entry), { force: true });
      removed.push(entry);
    } catch {
      // another writer got there first, or the folder is read-only: not this save's problem
    }
  }
  return removed;
}

/**
 * Writes `data` to `path` atomically: into a temporary file in the same folder (`.name.PID.tmp`),
 * flushed to disk, then renamed over the file. Whatever happens mid-write — an error, Ctrl-C, a
 * SIGKILL, a power cut — `path` holds the old file (or none), never half of the new one. When
 * `path` is a symbolic link, the file it points to is replaced and the link kept. The replaced
 * file's permission bits are kept (the temporary file is given them first). Temporary files
 * that killed writes to the same file left behind are removed first.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const target = writeTarget(path);
  removeStaleTemporaries(target);
  const temporary = temporaryOf(target);
  let mode: number | undefined; // the permission bits of the file replaced, kept (a 0600 model stays 0600)
  try {
    const old = statSync(target);
    if (old.isFile()) mode = old.mode & 0o7777;
  } catch {
    // not there yet: a new file, with the usual mode
  }
  try {
    const fd = openSync(temporary, 'w', mode ?? 0o666);
    try {
      if (mode !== undefined) fchmodSync(fd, mode); // the mode given to open is cut by the umask
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** The largest file `readTextFile` reads by default: 256 MB (a model file is far smaller). */
export const MAX_TEXT_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Reads a text file, with an error that names the file and the reason in plain words. Only a
 * regular file (a symbolic link to one included) of at most `maxBytes` (256 MB by default) is
 * read: a device (/dev/zero), a pipe with no writer or a huge file is refused before reading.
 */
export function readTextFile(path: string, { maxBytes = MAX_TEXT_FILE_BYTES }: { maxBytes?: number } = {}): string {
  const fail = (reason: string) => new Error(`cannot read ${escaped(path)}: ${reason}`);
  let fd: number;
  try {
    // O_NONBLOCK: opening a named pipe with no writer returns at once rather than wait for one
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw fail(readFailure(error));
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw fail('it is a folder');
    if (!stats.isFile()) throw fail('it is not a regular file (a device, a pipe or a socket)');
    if (stats.size > maxBytes) throw fail(`it is larger than ${maxBytes / (1024 * 1024)} MB`);
    return readFileSync(fd, 'utf8');
  } catch (error) {
    if ((error as Error).message.startsWith(`cannot read ${escaped(path)}: `)) throw error;
    throw fail(readFailure(error));
  } finally {
    closeSync(fd);
  }
}

/**
 * The model in the file `path` (given by `--model`), made by `load` from its text (the app's
 * `loadModel`): a file that cannot be read, or that `load` refuses, is a `UsageError` naming the
 * file and why (`m.json: no such file`), with `hint` (which model files the command takes).
 */
export function readModelFile<T>(path: string, load: (text: string) => T, hint: string): T {
  try {
    return load(readTextFile(path));
  } catch (error) {
    const message = (error as Error).message.replace(`cannot read ${escaped(path)}: `, '');
    throw new UsageError(`${escaped(path)}: ${message}`, hint);
  }
}

function readFailure(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT'
    ? 'no such file'
    : code === 'EISDIR'
      ? 'it is a folder'
      : code === 'EACCES'
        ? 'permission denied'
        : (error as Error).message;
}
