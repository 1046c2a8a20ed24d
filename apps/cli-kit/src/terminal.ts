/**
 * Drawing in a terminal, shared by the CLIs: colour only where it belongs (a terminal, no
 * `NO_COLOR`), a progress bar, and a small chart of a value per epoch (a loss curve).
 */

/** Colour only on a terminal, and never when NO_COLOR is set (any value but empty). */
export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR;
}

/** ANSI styles that become the identity when colour is off. */
export function palette(colour: boolean) {
  const wrap = (code: number) => (text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
  return { bold: wrap(1), dim: wrap(2), green: wrap(32), red: wrap(31), cyan: wrap(36), yellow: wrap(33) };
}
/** The styles of `palette`. */
export type Palette = ReturnType<typeof palette>;

/** The palette for text written to `stream`: in colour only where `useColour` says so. */
export function paletteFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): Palette {
  return palette(useColour(stream, env));
}

/** A bar `width` cells wide, `fraction` (0 … 1) of it filled: `[██████░░░░]`. */
export function progressBar(fraction: number, width = 24): string {
  const filled = Math.round(Math.min(Math.max(fraction, 0), 1) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}

/**
 * A value per epoch (an error, a validation loss) as a small chart, log scale: a `title` line,
 * then `height` rows by up to `width` columns, each column the mean of its share of the epochs,
 * and the epochs under it. Values that are not finite and positive are left out; with fewer
 * than two left, nothing is drawn ('').
 */
export function epochChart(
  values: readonly number[],
  p: Palette,
  { title, width = 60, height = 8 }: { title: string; width?: number; height?: number },
): string {
  const finite = values.filter((e) => Number.isFinite(e) && e > 0);
  if (finite.length < 2) return '';
  const columns = Math.min(width, finite.length);
  const logs = Array.from({ length: columns }, (_, c) => {
    const from = Math.floor((c * finite.length) / columns);
    const to = Math.max(from + 1, Math.floor(((c + 1) * finite.length) / columns));
    const slice = finite.slice(from, to);
    return Math.log10(slice.reduce((a, b) => a + b, 0) / slice.length);
  });
  const top = Math.max(...logs);
  const bottom = Math.min(...logs);
  const span = top - bottom || 1;
  const grid = Array.from({ length: height }, () => Array<string>(columns).fill(' '));
  logs.forEach((v, c) => {
    const row = Math.round(((top - v) / span) * (height - 1));
    (grid[row] as string[])[c] = '•';
  });
  const label = (v: number) => (10 ** v).toExponential(1).padStart(7);
  const lines = grid.map((cells, r) => {
    const axis = r === 0 ? label(top) : r === height - 1 ? label(bottom) : ''.padStart(7);
    return `${p.dim(axis)} │${p.cyan(cells.join(''))}`;
  });
  lines.push(`${''.padStart(7)} └${'─'.repeat(columns)}`);
  lines.push(`${''.padStart(9)}${epochLabels(values.length, columns)}`);
  return `${title}\n${lines.join('\n')}\n`;
}

/**
 * The x axis labels under `columns` columns: `epoch 1` under the first, `epoch n` ending under the
 * last, at least one space apart; when they do not fit, one label for the whole axis.
 */
export function epochLabels(epochs: number, columns: number): string {
  const [first, last] = ['epoch 1', `epoch ${epochs}`];
  if (first.length + 1 + last.length <= columns) return first + last.padStart(columns - first.length);
  return `epochs 1–${epochs}`;
}

/** One line of a `lineChart`: its values by x (undefined: no point there), its mark and its style. */
export interface ChartSeries {
  label: string;
  values: readonly (number | undefined)[];
  mark: string;
  style?: (text: string) => string;
}

/**
 * Several series on one grid of `height` rows by one column per x (all series share the x axis,
 * index 0 at the left), for a terminal: each point is its series' mark in the row of its value,
 * a later series drawn over an earlier one. The y axis shows the top and bottom values
 * (`decimals` digits), the x axis `xLabels` (first and last) under its ends, then a legend.
 */
export function lineChart(
  series: readonly ChartSeries[],
  {
    height = 12,
    decimals = 1,
    xLabels,
    palette: p = palette(false),
  }: { height?: number; decimals?: number; xLabels?: readonly [string, string]; palette?: Palette } = {},
): string {
  const columns = Math.max(0, ...series.map((s) => s.values.length));
  const finite = series.flatMap((s) => s.values.filter((v): v is number => v !== undefined && Number.isFinite(v)));
  if (columns === 0 || finite.length === 0) return '';
  const top = Math.max(...finite);
  const bottom = Math.min(...finite);
  const span = top - bottom || 1;
  const grid = Array.from({ length: height }, () => Array<string>(columns).fill(' '));
  for (const { values, mark, style = (t: string) => t } of series) {
    values.forEach((v, c) => {
      if (v === undefined || !Number.isFinite(v)) return;
      const row = Math.round(((top - v) / span) * (height - 1)); // the top value in row 0
      (grid[row] as string[])[c] = style(mark);
    });
  }
  const width = Math.max(top.toFixed(decimals).length, bottom.toFixed(decimals).length);
  const lines = grid.map((cells, r) => {
    const axis = r === 0 ? top.toFixed(decimals) : r === height - 1 ? bottom.toFixed(decimals) : '';
    return `${p.dim(axis.padStart(width))} │${cells.join('')}`;
  });
  lines.push(`${''.padStart(width)} └${'─'.repeat(columns)}`);
  if (xLabels) {
    const [first, last] = xLabels;
    const under =
      first.length + 1 + last.length <= columns ? first + last.padStart(columns - first.length) : `${first} – ${last}`;
    lines.push(`${''.padStart(width + 2)}${p.dim(under)}`);
  }
  lines.push(
    `${''.padStart(width + 2)}${series.map(({ label, mark, style = (t: string) => t }) => `${style(mark)} ${label}`).join('   ')}`,
  );
  return `${lines.join('\n')}\n`;
}
