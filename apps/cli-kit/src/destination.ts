import { accessSync, closeSync, constants, openSync, realpathSync, rmSync, type Stats, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { getSystemErrorMap } from 'node:util';
import { escaped, UsageError } from './args';
import { temporaryOf, writeTarget } from './files';

function stat(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined; // missing, or a part of the path is a file (ENOTDIR)
  }
}

/**
 * Why a file cannot be written at `path`, in plain words (naming the folder as the user wrote it),
 * or undefined when it can: the path is missing or a regular file (not a folder, a device, a pipe
 * or a socket, which an atomic save would replace by a file), its folder exists, this process may
 * write there (`access(W_OK | X_OK)`: root may write where the mode says read-only), and a new file
 * can be created there: the save's own temporary file is created and removed at once, for a folder
 * that `access` lets through yet takes no file (/proc, a read-only mount, a full disk). For a
 * symbolic link, the folder checked is that of the file it points to, where `writeFileAtomic`
 * writes. A CLI asks before training, so that a run is not lost to a bad destination.
 */
export function destinationProblem(path: string): string | undefined {
  const existing = stat(path); // through symbolic links: a link to a regular file is a regular file
  if (existing?.isDirectory()) return 'it is a folder, not a file';
  // a device, a pipe or a socket: the save would rename a new file over it (/dev/null, /dev/stdout)
  if (existing !== undefined && !existing.isFile()) return 'it is not a regular file (a device, a pipe or a socket)';
  if (/[\\/]$/.test(path)) return 'it names a folder, not a file';
  let target: string;
  try {
    target = writeTarget(path);
  } catch {
    return 'it is a loop of symbolic links';
  }
  const folder = dirname(resolve(target));
  const folderName = dirname(target) === '.' ? 'the current folder' : `the folder ${dirname(target)}`;
  const shown = (p: string) => (isAbsolute(target) ? p : relative(process.cwd(), p)); // as the user wrote it
  const found = stat(folder);
  if (found === undefined) {
    let existing = dirname(folder); // the nearest part of the path that exists
    while (stat(existing) === undefined && dirname(existing) !== existing) existing = dirname(existing);
    return stat(existing)?.isDirectory() === false
      ? `${shown(existing)} is a file, not a folder`
      : `${folderName} does not exist`;
  }
  if (!found.isDirectory()) return `${dirname(target)} is a file, not a folder`;
  try {
    accessSync(folder, constants.W_OK | constants.X_OK);
  } catch {
    return `${folderName} is not writable`;
  }
  const refusal = creationFailure(target);
  return refusal === undefined ? undefined : `${folderName} ${refusal}`;
}

/**
 * Why the folder of `target` cannot take a new file, found by creating there the temporary file a
 * save to `target` writes first (`.name.PID.tmp`, so that one left by a kill is cleaned up as the
 * save's own), and removing it; undefined when it can.
 */
function creationFailure(target: string): string | undefined {
  const probe = temporaryOf(target);
  let fd: number;
  try {
    fd = openSync(probe, 'wx'); // never opens a file that is there
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return undefined; // a file of that name is there: the folder takes files
    if (code === 'EACCES' || code === 'EPERM') return 'is not writable';
    if (code === 'EROFS') return 'is on a read-only file system';
    if (code === 'ENOSPC' || code === 'EDQUOT') return 'cannot take a new file: no space left on the device';
    return 'cannot take a new file'; // /proc: ENOENT for a file it does not make itself
  }
  closeSync(fd);
  rmSync(probe, { force: true });
  return undefined;
}

/**
 * Checks the destinations of a CLI's save flags (`values['save']`, `values['save-onnx']`, …)
 * before it trains, so that a run is not lost to a bad path: throws the UsageError (exit 2) that
 * names the flag and the path as given.
 */
export function checkDestinations(values: Readonly<Record<string, unknown>>, flags: readonly string[]): void {
  const seen = new Map<string, string>(); // the file each flag writes, after links, to the flag
  for (const flag of flags) {
    const path = values[flag];
    if (typeof path !== 'string') continue;
    if (path.trim() === '') throw new UsageError(`--${flag} needs a file name`);
    const problem = destinationProblem(path);
    if (problem) {
      throw new UsageError(
        `--${flag} ${escaped(path)}: ${problem}`,
        'nothing was trained: give a file in a folder you can write to',
      );
    }
    const file = writtenFile(path);
    const other = seen.get(file);
    if (other !== undefined) {
      throw new UsageError(
        `--${flag} ${escaped(path)}: it is the same file as --${other} ${escaped(String(values[other]))}`,
        'nothing was trained: give each a file of its own',
      );
    }
    seen.set(file, flag);
  }
}

/** The file a save to `path` writes, as one name: links followed, its folder's real path. */
function writtenFile(path: string): string {
  const target = resolve(writeTarget(path));
  try {
    return join(realpathSync(dirname(target)), basename(target));
  } catch {
    return target;
  }
}

/** The system's words for an error (`input/output error`), without its code or the file it names. */
function systemReason(error: NodeJS.ErrnoException): string {
  const words = typeof error.errno === 'number' ? getSystemErrorMap().get(error.errno)?.[1] : undefined;
  return words ?? 'the system refused the write';
}

/** An error from writing `path`, in plain words: no errno codes, no temporary file names. */
export function writeFailure(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOSPC'
      ? 'no space left on the device'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'permission denied'
        : code === 'ENOENT' || code === 'ENOTDIR'
          ? 'its folder is gone'
          : code === 'EISDIR'
            ? 'it is a folder'
            : code === 'ELOOP'
              ? 'it is a loop of symbolic links'
              : code === 'ENAMETOOLONG'
                ? 'the file name is too long'
                : typeof code === 'string'
                  ? systemReason(error as NodeJS.ErrnoException)
                  : (error as Error).message;
  return `could not save the network to ${escaped(path)}: ${reason}`;
}
