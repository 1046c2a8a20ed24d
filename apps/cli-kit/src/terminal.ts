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
