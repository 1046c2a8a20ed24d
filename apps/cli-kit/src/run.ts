import { UsageError } from './args';

/**
 * Runs a command's `main` and ends the process as every CLI of this repository does: the exit code
 * `main` returns; a `UsageError` as one line on stderr, `command: message; hint`, exit code 2; any
 * other error as one line, `command: message`, exit code 1 — never a stack trace. Output piped
 * into a reader that stops early (`command | head`) is not an error: exit code 0.
 */
export function runCli(command: string, main: () => Promise<number> | number): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const fail = (error: unknown) => {
    const message = firstLine(error instanceof Error ? error.message : String(error));
    if (error instanceof UsageError) {
      const hint = error.hint === undefined ? `try '${command} --help' for the options` : error.hint;
      process.stderr.write(`${command}: ${message}${hint === null ? '' : `; ${hint}`}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`${command}: ${message}\n`);
      process.exitCode = 1;
    }
  };
  try {
    Promise.resolve(main()).then((code) => {
      process.exitCode = code;
    }, fail);
  } catch (error) {
    fail(error);
  }
}

/** The message's first line: a CLI's error is one line. */
function firstLine(message: string): string {
  return message.split('\n')[0] ?? '';
}
