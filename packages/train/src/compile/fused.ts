import { type Activation, Tanh } from '@nn/layers';
import { tanhStatements, tanhTables } from '@nn/layers/internal';
import type { DType, Tensor, TensorData } from '@nn/tensor';
import type { Stage } from './stage';
import { compiledLayer } from './support';

/**
 * Below this many multiplications a product runs inline, as plain sums in the order `dot` adds them
 * for small products; from it on a plan calls `dotInto` and its transposed forms, as `Dense` does
 * (their faster backends may add in another order).
 */
export const INLINE_BELOW = 1024;

/** The most weights a network may have for its passes to be generated (each weight is a line or two). */
const MOST_WEIGHTS = 1024;

/**
 * The longest a generated pass may be, in characters: V8 does not optimize a much longer function
 * (from about 55,000 characters here, some 440 weights in two hidden layers), which then runs
 * several times slower than layer by layer.
 */
const MOST_CHARACTERS = 48_000;

/** The forward and backward passes of one small network, generated as plain JavaScript. */
export interface FusedPasses {
  /** They run batches of fewer columns than this, in which every product is small (see `INLINE_BELOW`). */
  readonly below: number;
  /**
   * The layers' forward passes: the input `X` copied into the plan's X, every layer's Y into its
   * buffer, and each layer's `input` and `output` set to them. `frame` is `frameOf(stages)`.
   */
  forward(frame: readonly unknown[], X: TensorData, b: number): void;
  /**
   * The layers' backward passes from `G` = dE/dY of the last layer: dE/dW and dE/dB of every Dense
   * layer, then the update with `learningRate` (none when 0), and dE/dX of the first layer into
   * `dX` unless it is null.
   */
  backward(frame: readonly unknown[], G: TensorData, b: number, learningRate: number, dX: TensorData | null): void;
  /** `forward` for one column (b = 1), its indices written out. */
  forwardOne: FusedPasses['forward'];
  /** `backward` for one column (b = 1). */
  backwardOne: FusedPasses['backward'];
  /**
   * A whole epoch of the notes' loop (see `epochSource`): for each sample `order[s]` (s < `n`),
   * its input `XS[k]` and target `YS[k]` (columns of one number per row), `forwardOne`, the
   * `mse` loss, `msePrime`, then `backwardOne` with the update and no dE/dX. Returns the sum of
   * the losses. With the divergence guard's `snapshot` (each Dense layer's W, then B, as
   * `parametersOf` lists them), the parameters are copied there first, and it returns −1 − k when
   * the loss of sample k is not finite (that sample then updates nothing and the epoch stops
   * there), or −Infinity when a parameter is not finite at the end.
   */
  epoch:
    | ((
        frame: readonly unknown[],
        XS: readonly TensorData[],
        YS: readonly TensorData[],
        order: readonly number[],
        n: number,
        learningRate: number,
        snapshot: readonly Float64Array[] | null,
      ) => number)
    | null;
}

/** The tables the written-out tanh reads, this module's own copies. */
const TANH_TABLES = tanhTables();

/** Tanh's own f: the generated passes write its statements in place of a call (see `tanhStatements`). */
const TANH = new Tanh().activation;

/** True for a `Tanh` computing with the class's own f, which the passes write out rather than call. */
function isTanh(layer: unknown): boolean {
  return layer instanceof Tanh && layer.constructor === Tanh && layer.activation === TANH;
}

/** Generated passes by the network's structure and dtype (null: cannot be generated here). */
const cache = new Map<string, FusedPasses | null>();

/**
 * The passes of a network of `stages` as generated functions, each one loop over the batch's
 * columns with every layer of the network written out in it, sample values in local variables and
 * no call but the activations' f and f′. They compute what the layers compute, term by term in the
 * same order, and round to float32 (`Math.fround`) wherever a layer stores a float32 result, so
 * that the numbers are the layers' bit for bit.
 *
 * Null for a network of more than `MOST_WEIGHTS` weights or whose passes would be longer than
 * `MOST_CHARACTERS`, with an activation whose f and f′ the table does not call pure (`COMPILED_LAYERS`' `fused`), or where code
 * cannot be compiled at run time (a page whose Content-Security-Policy forbids it): the plan then
 * runs layer by layer.
 */
export function fusedPasses(stages: readonly Stage[], dtype: DType): FusedPasses | null {
  let weights = 0;
  let widest = 0;
  for (const { weights: w, rows, columns, layer } of stages) {
    // an activation of your own, or a built-in one whose f or f′ was replaced on the instance (which
    // may draw noise, or count its calls), runs in the layers' order
    if (w === null && !(compiledLayer(layer)?.fused && (layer as Activation).ownFunctions())) return null;
    if (layer.constructor === Tanh && !isTanh(layer)) return null; // its f replaced
    if (w === null) continue;
    weights += rows * columns;
    widest = Math.max(widest, rows * columns);
  }
  if (weights > MOST_WEIGHTS) return null;
  const key = `${dtype} ${stages.map((s) => (s.weights === null ? String(s.layer) : `${s.columns}→${s.rows}`)).join(' ')}`;
  if (!cache.has(key)) {
    let passes: FusedPasses | null = null;
    const sources = [false, true].flatMap((one) => [
      forwardSource(stages, dtype, one),
      backwardSource(stages, dtype, one),
    ]);
    if (sources.every((source) => source.length <= MOST_CHARACTERS)) {
      const [forward, backward, forwardOne, backwardOne] = sources as [string, string, string, string];
      const epoch = epochSource(stages, dtype); // somewhat longer: the passes may run without it
      try {
        passes = {
          below: Math.ceil(INLINE_BELOW / widest),
          forward: new Function('F', 'X', 'b', forward),
          backward: new Function('F', 'G', 'b', 'learningRate', 'dX', backward),
          forwardOne: new Function('F', 'X', 'b', forwardOne),
          backwardOne: new Function('F', 'G', 'b', 'learningRate', 'dX', backwardOne),
          epoch:
            epoch.length <= MOST_CHARACTERS
              ? new Function('F', 'XS', 'YS', 'order', 'n', 'learningRate', 'S', epoch)
              : null,
        } as FusedPasses;
      } catch {
        passes = null; // no code from text here: the plan runs layer by layer
      }
    }
    cache.set(key, passes);
  }
  return cache.get(key) ?? null;
}

/**
 * What the generated passes read, in the order `unpack` names it: the plan's copy of the input
 * (its data, then the tensor), the tables of `tanhStatements`, then for each stage its layer, its
 * output tensor and data, and a Dense stage's W, B, dE/dW, dE/dB data or an activation's f and f′.
 */
export function frameOf(stages: readonly Stage[]): unknown[] {
  const input = (stages[0] as Stage).input as Tensor;
  return [
    input.data,
    input,
    ...TANH_TABLES,
    ...stages.flatMap((s): unknown[] => {
      const output = s.output as Tensor;
      if (s.weights === null) {
        const layer = s.layer as Activation;
        return [layer, output, output.data, layer.activation, layer.activationPrime];
      }
      const parameters = [s.weights, s.bias, s.weightsGradient, s.biasGradient] as Tensor[];
      return [s.layer, output, output.data, ...parameters.map((t) => t.data)];
    }),
  ];
}

/** `text` as a one-line comment of generated code: a line break in a layer's name would end it and start code. */
export function comment(text: string): string {
  return `// ${text.replace(/[\r\n\u2028\u2029]/g, ' ')}`;
}

/** `count` names `prefix0`, `prefix1`, … */
function names(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, k) => `${prefix}${k}`);
}

/** The frame's entries as local constants (see `frameOf`). */
function unpack(stages: readonly Stage[]): string {
  const locals = ['X0', 'T', 'TANH_POWERS', 'TANH_TWO_TO'];
  stages.forEach((s, l) => {
    const fields = s.weights === null ? ['L', 'T', 'Y', 'f', 'fPrime'] : ['L', 'T', 'Y', 'W', 'B', 'dW', 'dB'];
    locals.push(...fields.map((field) => `${field}${l}`));
  });
  return `const fround = Math.fround, ${locals.map((name, k) => `${name} = F[${k}]`).join(', ')};`;
}

/** `expression` as a layer stores it: rounded to float32 for a float32 network. */
function stored(dtype: DType, expression: string): string {
  return dtype === 'float32' ? `fround(${expression})` : expression;
}

/** The element of `row` in column c of a buffer `[rows, b]` held in `array` (for one column, c = 0). */
function at(array: string, row: number, one: boolean): string {
  if (one) return `${array}[${row}]`;
  return row === 0 ? `${array}[c]` : `${array}[${row} * b + c]`;
}

/**
 * Where generated code reads a Dense layer's parameters and, going backward, each layer's X and Y:
 * the typed arrays (the plan's buffers and the layers' parameters), or locals of the generated
 * epoch, which keeps a small network's numbers in variables from sample to sample.
 */
interface Access {
  weight(l: number, k: number): string;
  bias(l: number, r: number): string;
  input(l: number, p: number): string;
  output(l: number, r: number): string;
}

/** The typed arrays, for a batch's column c (or the one column). */
function arrays(one: boolean): Access {
  return {
    weight: (l, k) => `W${l}[${k}]`,
    bias: (l, r) => `B${l}[${r}]`,
    input: (l, p) => at(l === 0 ? 'X0' : `Y${l - 1}`, p, one),
    output: (l, r) => at(`Y${l}`, r, one),
  };
}

/** Locals: w{l}_{k}, b{l}_{r}, and the forward pass's x{p} and y{l}_{r} of the sample. */
const LOCALS: Access = {
  weight: (l, k) => `w${l}_${k}`,
  bias: (l, r) => `b${l}_${r}`,
  input: (l, p) => (l === 0 ? `x${p}` : `y${l - 1}_${p}`),
  output: (l, r) => `y${l}_${r}`,
};

/**
 * The forward pass, per column c of the batch: the input x{p} read from X (into X0, the plan's
 * copy), then for each stage its outputs y{l}_{r}, stored in its buffer Y{l}:
 *   Dense:       y_r = Σ_p w_rp·x_p + b_r    (the sum rounded as stored, then the bias added)
 *   activation:  y_r = f(x_r)
 * then each layer's X and Y. A batch is copied whole into X0 first (the input may share memory
 * with the buffers); one column is read into locals before anything is written.
 */
function forwardSource(stages: readonly Stage[], dtype: DType, one: boolean): string {
  return [unpack(stages), ...forwardLines(stages, dtype, one), ...keepInputsAndOutputs(stages)].join('\n');
}

/** The lines of `forwardSource` that compute: the layers' Y, ending in locals y{L−1}_{r} of the last. */
function forwardLines(stages: readonly Stage[], dtype: DType, one: boolean, access = arrays(one)): string[] {
  const lines: string[] = [];
  let inputs = names('x', (stages[0] as Stage).columns);
  if (one) {
    inputs.forEach((x, p) => lines.push(`const ${x} = X[${p}];`));
    inputs.forEach((x, p) => lines.push(`X0[${p}] = ${x};`));
  } else {
    lines.push('if (X !== X0) X0.set(X);', 'for (let c = 0; c < b; c++) {');
    inputs.forEach((x, p) => lines.push(`const ${x} = ${at('X0', p, one)};`));
  }
  stages.forEach((s, l) => {
    const outputs = names(`y${l}_`, s.rows);
    lines.push(comment(String(s.layer)));
    outputs.forEach((y, r) => {
      let value: string;
      if (isTanh(s.layer)) {
        // Y = tanh(X), written out (a call would not be inlined into a function this long)
        lines.push(`let ${y}_ = 0;`, tanhStatements(inputs[r] as string, `${y}_`, 'TANH_POWERS', 'TANH_TWO_TO'));
        value = stored(dtype, `${y}_`);
      } else if (s.weights === null) {
        value = stored(dtype, `f${l}(${inputs[r]})`); // Y = f(X)
      } else {
        const terms = inputs.map((x, p) => ` + ${access.weight(l, r * s.columns + p)} * ${x}`).join('');
        value = stored(dtype, `${stored(dtype, `0${terms}`)} + ${access.bias(l, r)}`); // Y = W·X + B
      }
      lines.push(`const ${y} = ${value};`, `${at(`Y${l}`, r, one)} = ${y};`);
    });
    inputs = outputs;
  });
  if (!one) lines.push('}');
  return lines;
}

/** Each layer keeps its X and Y (Y₁ = X₂): the plan's buffers, as after the layer's own `forward`. */
function keepInputsAndOutputs(stages: readonly Stage[]): string[] {
  return stages.map((_, l) => `L${l}.input = ${l === 0 ? 'T' : `T${l - 1}`}; L${l}.output = T${l};`);
}

/**
 * The backward pass. Per column c, from g{L}_{r} = dE/dY read from G, each stage l in reverse
 * turns g{l+1} (its dE/dY) into g{l} (its dE/dX), reading its X and Y from the buffers:
 *   activation:  dE/dX = dE/dY ⊙ f′(X)
 *   Dense:       dE/dW += dE/dY · Xᵀ and dE/dB += dE/dY (summed over the columns, in a{l}_k and
 *                e{l}_r), dE/dX = Wᵀ · dE/dY
 * Stages before the first Dense one, and its dE/dX, run only when dX is asked for. After the
 * columns, dE/dW and dE/dB are stored and W ← W − α·dE/dW, B ← B − α·dE/dB (with α > 0).
 */
function backwardSource(stages: readonly Stage[], dtype: DType, one: boolean): string {
  return [unpack(stages), ...backwardLines(stages, dtype, one, true)].join('\n');
}

/**
 * The lines of `backwardSource`: dE/dY of the last layer read from `G`, or, without `readG`, from
 * locals g{L}_{r} the caller has set.
 */
function backwardLines(
  stages: readonly Stage[],
  dtype: DType,
  one: boolean,
  readG: boolean,
  access = arrays(one),
): string[] {
  const L = stages.length;
  const first = stages.findIndex((s) => s.weights !== null);
  const sums: string[] = [];
  stages.forEach((s, l) => {
    if (s.weights !== null) sums.push(...names(`a${l}_`, s.rows * s.columns), ...names(`e${l}_`, s.rows));
  });
  const lines = [`let ${sums.map((sum) => `${sum} = 0`).join(', ')};`];
  lines.push(one ? '{' : 'for (let c = 0; c < b; c++) {');
  if (readG) {
    names(`g${L}_`, (stages[L - 1] as Stage).rows).forEach((g, r) => lines.push(`const ${g} = ${at('G', r, one)};`));
  }
  for (let l = L - 1; l >= 0; l--) {
    const s = stages[l] as Stage;
    const x = names(`x${l}_`, s.columns);
    const g = names(`g${l + 1}_`, s.rows);
    const dx = names(`g${l}_`, s.columns);
    lines.push(comment(String(s.layer)));
    x.forEach((name, p) => lines.push(`const ${name} = ${access.input(l, p)};`));
    if (s.weights === null) {
      // dE/dX = dE/dY ⊙ f′(X), f′ given Y too
      dx.forEach((name, r) =>
        lines.push(`const ${name} = ${stored(dtype, `${g[r]} * fPrime${l}(${x[r]}, ${access.output(l, r)})`)};`),
      );
    } else {
      g.forEach((gr, r) => {
        // dE/dW = dE/dY · Xᵀ, dE/dB = dE/dY, summed over the columns
        x.forEach((xp, p) => lines.push(`a${l}_${r * s.columns + p} += ${gr} * ${xp};`));
        lines.push(`e${l}_${r} += ${gr};`);
      });
      if (l === first) lines.push('if (dX !== null) {');
      // dE/dX = Wᵀ · dE/dY
      dx.forEach((name, p) => {
        const terms = g.map((gr, r) => ` + ${access.weight(l, r * s.columns + p)} * ${gr}`).join('');
        lines.push(`const ${name} = ${stored(dtype, `0${terms}`)};`);
      });
    }
  }
  names('g0_', (stages[0] as Stage).columns).forEach((g, p) => lines.push(`${at('dX', p, one)} = ${g};`));
  lines.push('}', '}');
  if (access === LOCALS) return [...lines, ...updateLocals(stages, dtype)];
  stages.forEach((s, l) => {
    if (s.weights === null) return;
    for (let k = 0; k < s.rows * s.columns; k++) lines.push(`dW${l}[${k}] = a${l}_${k};`);
    for (let r = 0; r < s.rows; r++) lines.push(`dB${l}[${r}] = e${l}_${r};`);
  });
  lines.push('if (learningRate !== 0) {');
  stages.forEach((s, l) => {
    if (s.weights === null) return;
    // W ← W − α·dE/dW,  B ← B − α·dE/dB
    for (let k = 0; k < s.rows * s.columns; k++) lines.push(`W${l}[${k}] = W${l}[${k}] - learningRate * dW${l}[${k}];`);
    for (let r = 0; r < s.rows; r++) lines.push(`B${l}[${r}] = B${l}[${r}] - learningRate * dB${l}[${r}];`);
  });
  lines.push('}');
  return lines;
}

/**
 * One epoch of the notes' loop for a network trained by the notes' update with `mse`, one sample
 * at a time (the Trainer's step with `batchSize` 1, no optimizer), as one function: per sample k =
 * order[s], the forward pass of `forwardOne` on XS[k], then what `mse` and `msePrime` compute
 * against the target Ŷ = YS[k], in their order and roundings,
 *   E = 1/n · Σᵢ (ŷᵢ − yᵢ)²      dE/dY = 2/n · (Y − Ŷ)   (stored in the network's dtype)
 * then the backward pass and update of `backwardOne` without dE/dX (which nothing reads). The
 * losses are summed as the Trainer sums them. With the guard's snapshot S, the parameters are
 * copied into it first, a loss that is not finite stops the epoch before that sample's update
 * (returning −1 − k), and a parameter that is not finite at the end returns −Infinity. Each
 * layer's X and Y are the plan's buffers after it, holding the last sample's, as after the
 * Trainer's last step.
 */
function epochSource(stages: readonly Stage[], dtype: DType): string {
  const L = stages.length;
  const n = (stages[L - 1] as Stage).rows;
  const y = names(`y${L - 1}_`, n);
  // the parameters as parametersOf lists them: each Dense layer's W, then B
  const parameters = stages.flatMap((s, l) =>
    s.weights === null
      ? []
      : [
          [`W${l}`, `w${l}_`, `dW${l}`, `dw${l}_`, s.rows * s.columns] as const,
          [`B${l}`, `b${l}_`, `dB${l}`, `db${l}_`, s.rows] as const,
        ],
  );
  const each = (f: (array: string, local: string, gradient: string, gradientLocal: string, k: number) => string) =>
    parameters.flatMap(([array, local, gradient, gradientLocal, size]) =>
      Array.from({ length: size }, (_, k) => f(array, local, gradient, gradientLocal, k)),
    );
  // the parameters, and the last gradients, in locals from sample to sample; written back at the end
  const writeBack = each(
    (array, local, gradient, gradientLocal, k) =>
      `${array}[${k}] = ${local}${k}; ${gradient}[${k}] = ${gradientLocal}${k};`,
  );
  // each layer's X and Y are the plan's buffers, whichever sample they hold (set first: the epoch may stop early)
  const lines = [unpack(stages), ...keepInputsAndOutputs(stages), 'let error = 0;'];
  lines.push(
    ...each(
      (array, local, gradient, gradientLocal, k) =>
        `let ${local}${k} = ${array}[${k}], ${gradientLocal}${k} = ${gradient}[${k}];`,
    ),
  );
  lines.push('if (S !== null) {');
  parameters.forEach(([array, , , , size], i) => {
    lines.push(`const S${i} = S[${i}];`);
    for (let k = 0; k < size; k++) lines.push(`S${i}[${k}] = ${array}[${k}];`);
  });
  lines.push('}', 'for (let s = 0; s < n; s++) {');
  lines.push('const k = order[s], X = XS[k], Yt = YS[k];', ...forwardLines(stages, dtype, true, LOCALS));
  // E = 1/n · Σ (ŷ − y)², as mse
  lines.push('let e = 0;', ...y.map((yr, r) => `{ const d = Yt[${r}] - ${yr}; e += d * d; }`));
  lines.push(`const loss = e / ${n};`);
  lines.push('if (S !== null && !(loss - loss === 0)) {', ...writeBack, 'return -1 - k;', '}', 'error += loss;');
  // dE/dY = 2/n · (Y − Ŷ), as msePrime, in a tensor of the network's dtype
  y.forEach((yr, r) => lines.push(`const g${L}_${r} = ${stored(dtype, `(2 * (${yr} - Yt[${r}])) / ${n}`)};`));
  lines.push('const dX = null;', '{', ...backwardLines(stages, dtype, true, false, LOCALS), '}', '}', ...writeBack);
  const finite = parameters.flatMap(([array, , , , size]) =>
    Array.from({ length: size }, (_, k) => `${array}[${k}] - ${array}[${k}] === 0`),
  );
  lines.push(`if (S !== null && !(${finite.join(' && ')})) return -Infinity;`, 'return error;');
  return lines.join('\n');
}

/**
 * The end of a sample's backward pass in the generated epoch: its dE/dW and dE/dB kept in the
 * locals dw, db (as the layers' gradient tensors would hold them), and the update of the locals w,
 * b, rounded as the layers' float32 tensors round:
 *   W ← W − α·dE/dW,  B ← B − α·dE/dB
 */
function updateLocals(stages: readonly Stage[], dtype: DType): string[] {
  const lines: string[] = [];
  const rate: string[] = [];
  stages.forEach((s, l) => {
    if (s.weights === null) return;
    for (let k = 0; k < s.rows * s.columns; k++) {
      lines.push(`dw${l}_${k} = ${stored(dtype, `a${l}_${k}`)};`);
      rate.push(`w${l}_${k} = ${stored(dtype, `w${l}_${k} - learningRate * dw${l}_${k}`)};`);
    }
    for (let r = 0; r < s.rows; r++) {
      lines.push(`db${l}_${r} = ${stored(dtype, `e${l}_${r}`)};`);
      rate.push(`b${l}_${r} = ${stored(dtype, `b${l}_${r} - learningRate * db${l}_${r}`)};`);
    }
  });
  return [...lines, 'if (learningRate !== 0) {', ...rate, '}'];
}
