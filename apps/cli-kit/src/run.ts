import { UsageError } from './args';

/** Whether output piped into a reader that stops early lets the command run to its end (see `finishEvenIfOutputCloses`). */
let finishing = false;

/**
 * From now on, output piped into a reader that stops early (`nn-xor --save m.json | head -1`) no
 * longer ends the process: the command runs to its end without printing, saves what it was to
 * save, and exits with the code it returns. A training that saves calls this; a command that
 * only prints (predict, reading standard input without end) does not, and stops at once (exit 0).
 */
export function finishEvenIfOutputCloses(): void {
  finishing = true;
}

/** A class of errors: `runCli` takes those of its `usageErrors` for mistakes in what the user gave. */
export type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Runs a command's `main` on the command line's words and ends the process as every CLI of this
 * repository does: the exit code `main` returns; a `UsageError` as one line on stderr, `command:
 * message; hint`, exit code 2 — and so an error of one of `usageErrors` (the library's errors
 * about a model or inputs the user gave), without a hint; any other error as one line, `command:
 * message`, exit code 1 — never a stack trace. Output piped into a reader that stops early
 * (`command | head`) is not an error: exit code 0 at once, or, after `finishEvenIfOutputCloses`,
 * the command runs to its end silently.
 */
export function runCli(
  command: string,
  main: (argv: string[]) => Promise<number> | number,
  { usageErrors = [] }: { usageErrors?: readonly ErrorClass[] } = {},
): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
      if (!finishing) process.exit(0);
      return; // the writes that follow go nowhere, quietly
    }
    throw error;
  });
  const fail = (error: unknown) => {
    if (usageErrors.some((kind) => error instanceof kind)) error = new UsageError((error as Error).message, null);
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
    Promise.resolve(main(process.argv.slice(2))).then((code) => {
      process.exitCode = code;
    }, fail);
  } catch (error) {
    fail(error);
  }
}

/**
 * Ctrl-C during a long run, as every CLI here takes it: the first SIGINT aborts `signal` (training
 * stops between batches and the command says what it kept), a second one exits at once with code
 * 130. `release()` gives SIGINT back to Node once the run is over.
 */
export function interruptible(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const interrupt = () => (controller.signal.aborted ? process.exit(130) : controller.abort());
  process.on('SIGINT', interrupt);
  return { signal: controller.signal, release: () => process.off('SIGINT', interrupt) };
}

/** The message's first line: a CLI's error is one line. */
function firstLine(message: string): string {
  return message.split('\n')[0] ?? '';
}
