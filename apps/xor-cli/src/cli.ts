import { parseArgs } from 'node:util';
import { trainXor, type XorRun, type XorSettings } from './xor';

const HELP = `Usage: nn-xor [options]

Trains the notes' XOR network, Dense(2→3) → Tanh → Dense(3→1) → Tanh, with mean squared
error, one sample at a time, and prints the error as it goes and the final truth table.

Options:
  --epochs N          passes over the four samples (default 1000)
  --learning-rate X   the learning rate α of W ← W − α·dE/dW (default 0.1)
  --seed N            seed of the initial weights (default 1)
  -h, --help          show this help
`;

/** A mistake in the command line: printed as one line, exit code 2. */
class UsageError extends Error {}

function parseSettings(argv: string[]): XorSettings | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: joinNegativeValues(argv),
      options: {
        epochs: { type: 'string' },
        'learning-rate': { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return 'help';
  return {
    epochs: number(values.epochs, 1000, '--epochs', (n) => Number.isInteger(n) && n > 0, 'a positive integer'),
    learningRate: number(values['learning-rate'], 0.1, '--learning-rate', (n) => n > 0 && Number.isFinite(n), 'a positive number'),
    seed: number(values.seed, 1, '--seed', Number.isSafeInteger, 'an integer'),
  };
}

/** `--epochs -5` → `--epochs=-5`, so a negative number reaches validation instead of being taken for a flag. */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    if (/^--[a-z-]+$/.test(arg) && next !== undefined && /^-\d|^-\.\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

function number(text: string | undefined, fallback: number, flag: string, ok: (n: number) => boolean, expected: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !ok(n)) throw new UsageError(`${flag} must be ${expected}, got '${text}'`);
  return n;
}

function report(run: XorRun, settings: XorSettings): string {
  const lines = [
    '',
    ' x1  x2 | target |    output | rounded',
    '--------+--------+-----------+--------',
    ...run.table.map(({ x1, x2, target, output }) => {
      const rounded = output > 0.5 ? 1 : 0;
      return `  ${x1}   ${x2} |   ${target}    | ${output.toFixed(6).padStart(9)} |   ${rounded} ${rounded === target ? '✓' : '✗'}`;
    }),
    '',
    `final error ${run.errors[run.errors.length - 1]!.toExponential(4)} after ${settings.epochs} epochs in ${run.milliseconds.toFixed(0)} ms`,
  ];
  return lines.join('\n') + '\n';
}

function main(argv: string[]): number {
  let settings;
  try {
    settings = parseSettings(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`nn-xor: ${error.message}\nTry 'nn-xor --help' for the options.\n`);
    return 2;
  }
  if (settings === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  process.stdout.write(
    `Training the notes' XOR network: Dense(2→3) → Tanh → Dense(3→1) → Tanh\n` +
      `${settings.epochs} epochs, learning rate ${settings.learningRate}, seed ${settings.seed}, loss mse\n\n`,
  );
  const every = Math.max(1, Math.round(settings.epochs / 10));
  const run = trainXor(settings, ({ epoch, epochs, error }) => {
    if (epoch === 1 || epoch % every === 0 || epoch === epochs) {
      process.stdout.write(`epoch ${String(epoch).padStart(String(epochs).length)}/${epochs}  error ${error.toExponential(4)}\n`);
    }
  });
  process.stdout.write(report(run, settings));
  const solved = run.table.every(({ target, output }) => (output > 0.5 ? 1 : 0) === target);
  if (!solved) process.stdout.write('not solved yet: try more epochs or another seed\n');
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`nn-xor: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
