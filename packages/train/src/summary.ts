import { describeValue, Layer, layersOf, type Network, Sequential } from '@nn/layers';
import { formatShape, InvalidOptionError, ShapeError } from '@nn/tensor';
import { type CompileOption, whyNotCompiled } from './compile/compile';

/** One layer of a `summary`: what it is, what one sample comes out as, and how many numbers it learns. */
export interface SummaryRow {
  /** The layer as it prints itself: `Dense(2→3)`. */
  layer: string;
  /** The shape of one output sample, from the layer's `computeOutputShape`: `[3, 1]`. */
  outputShape: number[];
  /** The number of trainable numbers (weights, biases, kernels). */
  parameters: number;
}

/**
 * The rows of `summary`: each layer's name, the shape of one sample after it (each layer's
 * `computeOutputShape`, starting from `inputShape`, one input sample's shape such as `[2, 1]`)
 * and its parameter count. Throws a `ShapeError` naming the first layer that cannot take what
 * reaches it.
 */
export function summaryRows(network: Network, inputShape: readonly number[]): SummaryRow[] {
  const layers = layersOf(network);
  if (!Array.isArray(layers) || !layers.every((layer) => layer instanceof Layer)) {
    throw new InvalidOptionError(
      `summary: network must be an array of layers or a Sequential, got ${describeValue(network)}`,
    );
  }
  if (!Array.isArray(inputShape) || !inputShape.every((n) => Number.isInteger(n) && n > 0)) {
    throw new InvalidOptionError(
      `summary: inputShape must be one sample's shape as positive integers ([2, 1] for a column of 2), got ${describeValue(inputShape)}`,
    );
  }
  const shapes = new Sequential(layers).outputShapes(inputShape, (l, layer, shape, error) => {
    throw new ShapeError(`summary: network[${l}] ${layer} cannot take ${formatShape(shape)}: ${error.message}`);
  });
  return layers.map((layer, l) => ({
    layer: String(layer),
    outputShape: shapes[l] as number[],
    parameters: layer.parameters().reduce((sum, p) => sum + p.value.size, 0),
  }));
}

/**
 * A table of the network, as Keras' `model.summary()`: a row per layer (its name, the shape of
 * one sample after it, its parameter count), then the total.
 *
 *   Input [2, 1]
 *   Layer       Output shape  Parameters
 *   ──────────  ────────────  ──────────
 *   Dense(2→3)  [3, 1]                 9
 *   Tanh        [3, 1]                 0
 *   ──────────  ────────────  ──────────
 *   Total parameters: 9
 *   Engine: compiled (predict and fit run it as one plan; compile: false runs the layers)
 *
 * The last line names the engine `predict` and `fit` use with the same `compile` option (`'auto'`
 * by default; see `compile`).
 */
export function summary(
  network: Network,
  inputShape: readonly number[],
  options: { compile?: CompileOption } = {},
): string {
  const rows = summaryRows(network, inputShape);
  const table = [
    ['Layer', 'Output shape', 'Parameters'],
    ...rows.map((r) => [r.layer, formatShape(r.outputShape), r.parameters.toLocaleString('en-US')]),
  ];
  const widths = [0, 1, 2].map((c) => Math.max(...table.map((cells) => (cells[c] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 2 ? cell.padStart(widths[c] as number) : cell.padEnd(widths[c] as number)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  const total = rows.reduce((sum, r) => sum + r.parameters, 0);
  return [
    `Input ${formatShape(inputShape)}`,
    line(table[0] as string[]),
    rule,
    ...table.slice(1).map(line),
    rule,
    `Total parameters: ${total.toLocaleString('en-US')}`,
    engineLine(network, options?.compile ?? 'auto'),
  ].join('\n');
}

/** Which engine `predict` and `fit` use for the network with `compile`, and how to change it. */
function engineLine(network: Network, compile: CompileOption): string {
  if (compile === false) return "Engine: layers (compile: false: each layer's own forward and backward)";
  const reason = whyNotCompiled(network);
  return reason === null
    ? 'Engine: compiled (predict and fit run it as one plan; compile: false runs the layers)'
    : `Engine: layers (${reason})`;
}
