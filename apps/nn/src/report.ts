/** The text `nn train` prints for people: the test measure, the confusion matrix, cross-validation. */
import type { Palette } from '@nn/cli-kit';
import type { CrossValidation, TestMetrics } from './train-table';

/** A number as a report shows it: 4 decimals. */
const fixed = (n: number) => n.toFixed(4);

/** The test measure in one line: accuracy for classes; RMSE, MAE and R² for numbers, in the target's unit. */
export function testLine(test: TestMetrics, target: string): string {
  if (test.task === 'classification') {
    const right = test.confusionMatrix.reduce((sum, row, i) => sum + (row[i] as number), 0);
    return `test accuracy ${fixed(test.accuracy)} (${right} of ${test.rows} rows right)`;
  }
  return `test RMSE ${fixed(test.rmse)}, MAE ${fixed(test.mae)} (${target}), R² ${fixed(test.r2)} on ${test.rows} rows`;
}

/**
 * The confusion matrix (rows: the true class, columns: the predicted one; the diagonal is right),
 * with each class's precision, recall and F1 beside it.
 */
export function confusionTable(test: Extract<TestMetrics, { task: 'classification' }>, p: Palette): string {
  const { classes, confusionMatrix: matrix } = test;
  // reduce, not Math.max(...): a spread of that many arguments overflows the stack past ~125,000 classes
  const nameWidth = classes.reduce((w, c) => Math.max(w, c.length), 'true \\ predicted'.length);
  const widths = classes.map((c, j) =>
    matrix.reduce((w, row) => Math.max(w, String(row[j]).length), Math.max(c.length, 3)),
  );
  const header = [
    'true \\ predicted'.padEnd(nameWidth),
    ...classes.map((c, j) => c.padStart(widths[j] as number)),
    'precision',
    'recall',
    '   F1',
  ].join('  ');
  const rows = classes.map((c, i) => {
    const cells = (matrix[i] as number[]).map((n, j) => {
      const cell = String(n).padStart(widths[j] as number);
      return i === j ? p.green(cell) : n > 0 ? p.red(cell) : cell;
    });
    const scores = [test.precision[i], test.recall[i], test.f1[i]].map((s, k) =>
      fixed(s as number).padStart(['precision', 'recall', '   F1'][k]?.length as number),
    );
    return [c.padEnd(nameWidth), ...cells, ...scores].join('  ');
  });
  return `${[p.bold(header), ...rows].map((line) => `  ${line}`).join('\n')}\n`;
}

/** Each fold's measure, then the mean ± the standard deviation over the folds. */
export function crossValidationLines(cv: CrossValidation): string[] {
  const name = cv.metric === 'accuracy' ? 'accuracy' : 'RMSE';
  const lines = cv.folds.map((f) => {
    const value = (f.test as Record<string, unknown>)[cv.metric] as number;
    return `  fold ${f.fold}/${cv.k}: test ${name} ${fixed(value)} on ${f.test.rows} rows (${f.epochs} epochs)`;
  });
  if (cv.folds.length > 0) {
    lines.push(
      `${cv.k}-fold cross-validation: test ${name} ${fixed(cv.mean)} ± ${fixed(cv.std)} (mean ± std over ${cv.folds.length} folds)`,
    );
  }
  return lines;
}
