import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Activation,
  Convolutional,
  Dense,
  Dropout,
  Flatten,
  Layer,
  type LayerJson,
  LayerFields,
  LeakyReLU,
  registerActivation,
  registerLayer,
  Linear,
  MaxPool2d,
  ReLU,
  Reshape,
  Sigmoid,
  Softmax,
  Tanh,
  layerTypes,
} from '@nn/layers';
import { map, Rng, Tensor } from '@nn/tensor';
import { loadModel, loadModelFile, ModelFormatError, parametersOf, predict, saveModel } from '@nn/train';

/** A network that uses every layer type of @nn/layers but Elu (added later; its own test round-trips it). */
function everyLayer(seed: number): Layer[] {
  const rng = new Rng(seed);
  return [
    new Convolutional([1, 6, 6], 3, 2, { rng }),
    new LeakyReLU(0.05),
    new MaxPool2d(2),
    new Reshape([2, 2, 2], [2, 2, 2]),
    new Flatten(),
    new Dropout(0.1, rng),
    new Dense(8, 5, { rng }),
    new Tanh(),
    new Dense(5, 4, { rng }),
    new Sigmoid(),
    new Dense(4, 4, { rng }),
    new ReLU(),
    new Linear(),
    new Softmax(),
  ];
}

const bits = (network: Layer[]) =>
  new Uint8Array(new Float64Array(parametersOf(network).flatMap((p) => [...p.value.data])).buffer);

describe('saveModel and loadModel', () => {
  it('round-trip every layer type, bit for bit, and the rebuilt network predicts the same', () => {
    const network = everyLayer(1);
    const types = new Set(network.map((l) => l.toJSON().type));
    expect(layerTypes()).toEqual(expect.arrayContaining([...types])); // each registered type's own test covers it too
    (network[6] as Dense).weights.data[0] = -0; // even the sign of zero survives
    const text = saveModel(network);
    const loaded = loadModel(text);
    expect(loaded.map(String)).toEqual(network.map(String));
    expect(bits(loaded)).toEqual(bits(network));
    expect(Object.is((loaded[6] as Dense).weights.data[0], -0)).toBe(true);
    const x = Tensor.randn([1, 6, 6, 3], new Rng(2));
    expect(predict(loaded, x).data).toEqual(predict(network, x).data);
    expect(saveModel(loaded)).toBe(text);
  });

  it('round-trip float32 layers as float32, bit for bit', () => {
    const rng = new Rng(11);
    const network = [
      new Dense(3, 4, { rng, dtype: 'float32' }),
      new Tanh(),
      new Dense(4, 2, { rng, dtype: 'float32' }),
    ];
    const loaded = loadModel(saveModel(network));
    parametersOf(loaded).forEach((p, i) => {
      expect(p.value.dtype).toBe('float32');
      expect(p.value.data).toEqual(parametersOf(network)[i]!.value.data);
    });
    const x = Tensor.randn([3, 5], rng, 'float32');
    expect(predict(loaded, x).data).toEqual(predict(network, x).data);
  });

  it('writes the format name and version, and accepts the parsed object too', () => {
    const doc = JSON.parse(saveModel([new Dense(2, 1), new Tanh()]));
    expect(doc.format).toBe('nn-model');
    expect(doc.version).toBe(2);
    expect(doc.layers[0]).toMatchObject({ type: 'Dense', inputSize: 2, outputSize: 1 });
    expect(loadModel(doc)).toHaveLength(2);
  });

  it('round-trips random networks exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }),
        (seed, sizes) => {
          const rng = new Rng(seed);
          const activations = [
            () => new Tanh(),
            () => new Sigmoid(),
            () => new ReLU(),
            () => new LeakyReLU(0.3),
            () => new Linear(),
          ];
          const network: Layer[] = [];
          let n = 3;
          for (const m of sizes) {
            network.push(new Dense(n, m, { rng }), activations[rng.int(activations.length)]!());
            n = m;
          }
          expect(bits(loadModel(saveModel(network)))).toEqual(bits(network));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses to save an Activation with its own functions', () => {
    expect(() => saveModel([new Dense(2, 2), new Activation(Math.sin, Math.cos, 'Sin')])).toThrow(
      /layers\[1\]: Sin cannot be saved: its type "Activation" is not registered \(registered: Dense, .*; an Activation with your own functions has code, not data\)/,
    );
  });
});

describe('loadModel validates everything before building anything', () => {
  const valid = () => JSON.parse(saveModel([new Dense(2, 3), new Tanh(), new Dense(3, 1), new Tanh()]));
  const cases: [string, (doc: any) => unknown, string][] = [
    ['not JSON', () => '{"format": ', '(document): not valid JSON'],
    ['not an object', () => [1, 2], '(document): expected a JSON object, got an array of length 2'],
    ['unknown format', (d) => ({ ...d, format: 'keras' }), 'format: expected "nn-model", got "keras"'],
    ['unknown version', (d) => ({ ...d, version: 3 }), 'version: this library reads versions 1 to 2, got 3'],
    ['version 0', (d) => ({ ...d, version: 0 }), 'version: this library reads versions 1 to 2, got 0'],
    ['fractional version', (d) => ({ ...d, version: 1.5 }), 'version: this library reads versions 1 to 2, got 1.5'],
    [
      'metadata in a version 1 file',
      (d) => ({ ...d, version: 1, metadata: {} }),
      '(document).metadata: unknown field in a version 1 file, expected only format, version, layers',
    ],
    ['metadata not an object', (d) => ({ ...d, metadata: [1] }), 'metadata: expected a JSON object, got an array'],
    ['missing layers', ({ layers: _, ...d }) => d, '(document): missing field "layers"'],
    ['extra top-level field', (d) => ({ ...d, extra: 1 }), '(document).extra: unknown field'],
    [
      'empty layers',
      (d) => ({ ...d, layers: [] }),
      'layers: expected a non-empty array of layers, got an array of length 0',
    ],
    [
      'a dtype that is not float32 or float64',
      (d) => {
        d.layers[0].dtype = 'float16';
        return d;
      },
      'layers[0].dtype: expected "float32" or "float64", got "float16"',
    ],
    [
      'unknown layer type',
      (d) => {
        d.layers[1].type = 'Swish';
        return d;
      },
      'layers[1].type: unknown layer type "Swish", expected one of',
    ],
    [
      'missing field',
      (d) => {
        delete d.layers[2].bias;
        return d;
      },
      'layers[2]: missing field "bias"',
    ],
    [
      'extra field',
      (d) => {
        d.layers[1].alpha = 0.1;
        return d;
      },
      'layers[1].alpha: unknown field, expected only type',
    ],
    [
      'bad hyperparameter',
      (d) => {
        d.layers[0].inputSize = '2';
        return d;
      },
      'layers[0].inputSize: expected a positive integer, got "2"',
    ],
    [
      'wrong array length',
      (d) => {
        d.layers[0].weights = d.layers[0].weights.slice(0, 5);
        return d;
      },
      'layers[0].weights: expected 3×2 numbers, got 5',
    ],
    [
      'not a number',
      (d) => {
        d.layers[2].weights[1] = 'x';
        return d;
      },
      'layers[2].weights[1]: expected a finite number, got "x"',
    ],
    [
      'non-finite number',
      () => saveModel([new Dense(1, 1)]).replace(/"weights": \[[^\]]*\]/, '"weights": [1e999]'),
      'layers[0].weights[0]: expected a finite number, got Infinity',
    ],
    [
      'shapes that do not chain',
      (d) => {
        d.layers[2].inputSize = 4;
        d.layers[2].weights = [0, 0, 0, 0];
        return d;
      },
      'layers[2]: Dense(4→1): takes samples of shape [4, 1], got [3, 1] from the layer before: the layers do not chain',
    ],
  ];
  for (const [name, mutate, message] of cases) {
    it(name, () => {
      let error: unknown;
      try {
        loadModel(mutate(valid()));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ModelFormatError);
      expect((error as ModelFormatError).code).toBe('NN_MODEL_FORMAT');
      expect((error as Error).message).toContain(message);
    });
  }

  it('checks image layers chain too', () => {
    const cnn = JSON.parse(saveModel([new Convolutional([1, 5, 5], 3, 2), new Flatten(), new Dense(18, 1)]));
    cnn.layers[2].inputSize = 10;
    cnn.layers[2].weights = new Array(10).fill(0);
    expect(() => loadModel(cnn)).toThrow('layers[2]: Dense(10→1): takes samples of shape [10, 1], got [18, 1]');
    const tooSmall = JSON.parse(saveModel([new Convolutional([1, 5, 5], 3, 2), new MaxPool2d(2)]));
    tooSmall.layers[1].size = 4;
    expect(() => loadModel(tooSmall)).toThrow(
      'layers[1]: MaxPool2d(4): takes an image [d, h, w] of at least 4×4, got [2, 3, 3]',
    );
  });
});

describe('the model-file fuzzer', () => {
  it('a mutated file either loads as a valid network or throws NN_MODEL_FORMAT — never another error, never a hang', () => {
    const seedText = saveModel(everyLayer(3));
    const seedDoc = JSON.parse(seedText);
    const paths: (string | number)[][] = [];
    const walk = (v: unknown, path: (string | number)[]) => {
      paths.push(path);
      if (Array.isArray(v)) v.slice(0, 3).forEach((x, i) => walk(x, [...path, i]));
      else if (v && typeof v === 'object') Object.entries(v).forEach(([k, x]) => walk(x, [...path, k]));
    };
    walk(seedDoc, []);
    let deep: unknown = 1;
    for (let i = 0; i < 50_000; i++) deep = [deep];
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const sparse = [0.5];
    sparse.length = 3;
    const oddValues = fc.constantFrom<unknown>(
      deep,
      cyclic,
      sparse,
      1e39,
      -1e39,
      10n,
      [1n, 2n],
      { __proto__: null, type: 'Dense' },
      null,
      true,
      'x',
      -1,
      0,
      0.5,
      1e308,
      -1e308,
      1e-320,
      2 ** 53,
      [],
      {},
      [1],
      'Dense',
      Number.NaN,
    );
    const textMutation = fc.oneof(
      fc.integer({ min: 0, max: seedText.length }).map((n) => (t: string) => t.slice(0, n)),
      fc.constant((t: string) => `\uFEFF${t}`),
      fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([i, byte]) => (t: string) => {
        const at = i % t.length;
        return t.slice(0, at) + String.fromCharCode(byte) + t.slice(at + 1);
      }),
    );
    const docMutation = fc
      .tuple(
        fc.nat(),
        fc.oneof(
          fc.constant('drop'),
          fc.constant('huge'),
          oddValues.map((v) => ({ set: v })),
        ),
      )
      .map(([i, action]) => (doc: any) => {
        const path = paths[i % paths.length]!;
        if (path.length === 0) return action === 'drop' ? undefined : doc;
        let parent = doc;
        for (const key of path.slice(0, -1)) parent = parent?.[key];
        if (parent === null || typeof parent !== 'object') return doc;
        const key = path.at(-1)!;
        if (action === 'drop') Array.isArray(parent) ? parent.splice(key as number, 1) : delete parent[key];
        else if (action === 'huge') parent[key] = typeof parent[key] === 'number' ? parent[key] * 1e306 : 1e306;
        else parent[key] = action.set;
        return doc;
      });
    let loaded = 0;
    let rejected = 0;
    const started = performance.now();
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            textMutation.map((m) => ({ text: m })),
            docMutation.map((m) => ({ doc: m })),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        (mutations) => {
          let doc: any = structuredClone(seedDoc);
          let text: string | null = null;
          for (const m of mutations) {
            if ('doc' in m) {
              if (text !== null) {
                try {
                  doc = JSON.parse(text);
                } catch {
                  continue;
                }
                text = null;
              }
              doc = m.doc(doc);
            } else {
              let current: string;
              try {
                current = text ?? JSON.stringify(doc) ?? '';
              } catch {
                continue; // a cyclic, BigInt or very deep value has no JSON text: mutate the object only
              }
              text = m.text(current);
            }
          }
          const t0 = performance.now();
          try {
            const network = loadModel(text ?? doc);
            expect(network.length).toBeGreaterThan(0);
            loaded++;
          } catch (error) {
            if (!(error instanceof ModelFormatError)) throw error;
            rejected++;
          }
          expect(performance.now() - t0).toBeLessThan(1000);
        },
      ),
      { numRuns: 5000, seed: 42 },
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `model-file fuzzer: 5000 cases (${loaded} loaded, ${rejected} rejected with NN_MODEL_FORMAT) in ${seconds.toFixed(1)} s`,
    );
    expect(loaded + rejected).toBe(5000);
  }, 120_000);
});

/** A layer defined outside @nn/layers: Y = s·X with a trainable scalar s. */
class Scale extends Layer {
  scale = Tensor.from([[2]]);
  scaleGradient = Tensor.zeros([1, 1]);
  override forward(input: Tensor): Tensor {
    this.input = input;
    this.output = map(input, (x) => x * (this.scale.data[0] as number));
    return this.output;
  }
  override backward(outputGradient: Tensor, learningRate: number): Tensor {
    const x = this.lastInput();
    // dE/ds = Σ dE/dY ⊙ X,  dE/dX = s·dE/dY
    let sum = 0;
    for (let i = 0; i < x.size; i++) sum += (outputGradient.data[i] as number) * (x.data[i] as number);
    this.scaleGradient.data[0] = sum;
    const inputGradient = map(outputGradient, (g) => g * (this.scale.data[0] as number));
    this.scale.data[0] = (this.scale.data[0] as number) - learningRate * (this.scaleGradient.data[0] as number);
    return inputGradient;
  }
  override parameters() {
    return [{ name: 'scale', value: this.scale, gradient: this.scaleGradient }];
  }
  override computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }
  override toJSON(): LayerJson {
    return { type: 'Scale', scale: this.scale.data[0] };
  }
  override toString(): string {
    return 'Scale';
  }
  static fromJSON(json: LayerJson, path: string): Scale {
    const f = new LayerFields(json, path);
    const layer = new Scale();
    layer.scale.data[0] = f.number('scale');
    f.end();
    return layer;
  }
}

describe('layers registered from outside @nn/layers', () => {
  it('a registered user-defined layer round-trips through a model file and predicts the same', () => {
    expect(() => saveModel([new Dense(2, 2), new Scale()])).toThrow(
      /layers\[1\]: Scale cannot be saved: its type "Scale" is not registered/,
    );
    registerLayer('Scale', Scale.fromJSON);
    expect(layerTypes()).toContain('Scale');
    const network = [new Dense(2, 2, { rng: new Rng(5) }), new Scale(), new Tanh()];
    (network[1] as Scale).scale.data[0] = -0.75;
    const loaded = loadModel(saveModel(network));
    expect(loaded[1]).toBeInstanceOf(Scale);
    const x = Tensor.from([[0.3], [-1.2]]);
    expect(predict(loaded, x).data).toEqual(predict(network, x).data);
    expect(() => loadModel(saveModel(network).replace('"scale": -0.75', '"scale": "big"'))).toThrow(
      'layers[1].scale: expected a finite number, got "big"',
    );
  });
});

describe('a saved file always loads: saveModel checks as loadModel does', () => {
  it('refuses a non-finite parameter, naming it', () => {
    const dense = new Dense(2, 2);
    dense.weights.data[3] = Number.NaN;
    expect(() => saveModel([dense, new Tanh()])).toThrow('layers[0].weights[3]: expected a finite number, got NaN');
  });

  it('refuses an empty network', () => {
    expect(() => saveModel([])).toThrow('layers: a network to save needs at least one layer');
  });

  it('refuses layers that do not chain, in shape or in dtype', () => {
    expect(() => saveModel([new Dense(2, 3), new Dense(4, 1)])).toThrow(
      'layers[1]: Dense(4→1): takes samples of shape [4, 1], got [3, 1] from the layer before: the layers do not chain',
    );
    expect(() => saveModel([new Convolutional([1, 4, 4], 3, 1), new MaxPool2d(2), new Dense(1, 1)])).toThrow(
      'layers[2]: Dense(1→1): takes samples of shape [1, 1], got [1, 1, 1]',
    );
    expect(() => saveModel([new Dense(2, 3, { dtype: 'float32' }), new Tanh(), new Dense(3, 1)])).toThrow(
      'layers[2]: Dense(3→1) computes in float64, but layers[0] in float32: a network computes in one dtype',
    );
  });

  it('every file saveModel writes loads back (random networks, including bad values)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.constantFrom(0, Number.NaN, Infinity, 1e39, -0), (n, bad) => {
        const network = [new Dense(n, 2, { rng: new Rng(n), dtype: 'float32' }), new Tanh()];
        network[0]!.parameters()[0]!.value.data[0] = bad;
        let text: string;
        try {
          text = saveModel(network);
        } catch (error) {
          expect(error).toBeInstanceOf(ModelFormatError);
          return;
        }
        expect(() => loadModel(text)).not.toThrow();
      }),
    );
  });
});

describe('loadModel throws nothing but ModelFormatError', () => {
  const valid = () => JSON.parse(saveModel([new Dense(2, 1, { rng: new Rng(1) }), new Tanh()]));
  const refuse = (doc: unknown, message: string) => {
    let error: unknown;
    try {
      loadModel(doc);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelFormatError);
    expect((error as Error).message).toContain(message);
  };

  it('reads a file that starts with a byte-order mark', () => {
    const text = saveModel([new Dense(2, 1), new Tanh()]);
    expect(loadModel(`\uFEFF${text}`).map(String)).toEqual(['Dense(2→1)', 'Tanh']);
  });

  it('refuses an object nested thousands deep where a number belongs, without overflowing the stack', () => {
    const doc = valid();
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { deep };
    doc.layers[0].inputSize = deep;
    refuse(doc, 'layers[0].inputSize: expected a positive integer, got an object');
    doc.layers[0].inputSize = 2;
    doc.version = deep;
    refuse(doc, 'version: this library reads versions 1 to 2, got an object');
  });

  it('refuses cyclic and BigInt values in a parsed document', () => {
    const doc = valid();
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    doc.layers[0].weights = cycle;
    refuse(doc, 'layers[0].weights: expected an array of 1×2 numbers, got an object');
    const big = valid();
    big.layers[0].bias = [10n];
    refuse(big, 'layers[0].bias[0]: expected a finite number, got the BigInt 10');
    const bigSize = valid();
    bigSize.layers[0].inputSize = 2n;
    refuse(bigSize, 'layers[0].inputSize: expected a positive integer, got the BigInt 2');
  });

  it('refuses a sparse array rather than loading NaN weights', () => {
    const doc = valid();
    const sparse = [0.5];
    sparse.length = 2; // a hole at index 1
    doc.layers[0].weights = sparse;
    expect(doc.layers[0].weights.length).toBe(2);
    refuse(doc, 'layers[0].weights[1]: expected a finite number, got nothing');
  });

  it('refuses a float32 weight beyond float32 range rather than loading Infinity', () => {
    const doc = JSON.parse(saveModel([new Dense(2, 1, { dtype: 'float32' })]));
    doc.layers[0].weights[0] = 1e39;
    refuse(doc, "layers[0].weights[0]: 1e+39 is beyond float32's range");
  });

  it('refuses hyperparameters of the wrong type that a constructor would take', () => {
    const doc = JSON.parse(saveModel([new Dense(2, 1), new Dropout(0.5)]));
    for (const rate of ['0.5', null, [0.5], true]) {
      doc.layers[1].rate = rate;
      refuse(doc, 'layers[1].rate: expected a number in [0, 1)');
    }
  });

  it('refuses networks that load but could never predict: float32 into float64, pooling into Dense', () => {
    const mixed = JSON.parse(saveModel([new Dense(2, 2, { dtype: 'float32' })]));
    mixed.layers.push(JSON.parse(saveModel([new Dense(2, 1)])).layers[0]);
    refuse(mixed, 'layers[1]: Dense(2→1) computes in float64, but layers[0] in float32');
    const pooled = JSON.parse(saveModel([new Convolutional([1, 4, 4], 3, 1), new MaxPool2d(2)]));
    pooled.layers.push(JSON.parse(saveModel([new Dense(1, 1)])).layers[0]);
    refuse(pooled, 'layers[2]: Dense(1→1): takes samples of shape [1, 1], got [1, 1, 1] from the layer before');
  });
});

describe('the second adversarial round: model files', () => {
  const refuse = (run: () => unknown, message: string | RegExp) => {
    let error: unknown;
    try {
      run();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModelFormatError);
    expect((error as Error).message).toMatch(message);
  };

  /** A registered layer whose JSON may hold what JSON text cannot. */
  class Tagged extends Scale {
    extra: unknown = undefined;
    override toJSON(): LayerJson {
      return { type: 'Tagged', scale: this.scale.data[0], extra: this.extra };
    }
    static override fromJSON(json: LayerJson, path: string): Tagged {
      const f = new LayerFields(json, path);
      const layer = new Tagged();
      layer.scale.data[0] = f.number('scale');
      layer.extra = f.numbers('extra', [3]);
      f.end();
      return layer;
    }
  }

  it('saveModel refuses fields JSON text cannot hold (undefined, typed arrays), and reads back the text it writes', () => {
    registerLayer('Tagged', Tagged.fromJSON);
    const layer = new Tagged();
    layer.extra = [1, 2, 3];
    expect(loadModel(saveModel([new Dense(2, 2), layer]))[1]).toBeInstanceOf(Tagged);
    layer.extra = undefined;
    refuse(
      () => saveModel([new Dense(2, 2), layer]),
      /layers\[1\]\.extra: expected an array of 3 numbers, got nothing/,
    );
    layer.extra = new Float64Array([1, 2, 3]);
    refuse(() => saveModel([new Dense(2, 2), layer]), /layers\[1\]\.extra: expected an array/);
  });

  it('loadModel turns getters, proxies and odd readers that throw into ModelFormatError', () => {
    const valid = () => JSON.parse(saveModel([new Dense(2, 1, { rng: new Rng(1) })]));
    const getter = valid();
    Object.defineProperty(getter, 'format', {
      get() {
        throw new TypeError('boom');
      },
    });
    refuse(() => loadModel(getter), '(document): cannot be read: boom');
    const { proxy, revoke } = Proxy.revocable(valid(), {});
    revoke();
    refuse(() => loadModel(proxy), /^\(document\): cannot be read/);
    registerLayer('Odd', () => {
      throw Object.create(null);
    });
    refuse(() => loadModel({ ...valid(), layers: [{ type: 'Odd' }] }), /^layers\[0\]: cannot be read/);
    registerLayer('NotALayer', () => ({}) as Layer);
    refuse(
      () => loadModel({ ...valid(), layers: [{ type: 'NotALayer' }] }),
      "layers[0]: its type's fromJSON returned no layer",
    );
  });

  it('saveModel refuses what is not a layer, and a toJSON that throws, with ModelFormatError', () => {
    refuse(() => saveModel([null as unknown as Layer]), 'layers[0]: expected a layer, got null');
    const broken = new Dense(2, 2);
    broken.toJSON = () => {
      throw new Error('no');
    };
    refuse(() => saveModel([broken]), 'layers[0]: cannot be read: no');
  });

  it("a second catalog name for a parameterised activation keeps that type's reader", () => {
    registerActivation('leaky02', () => new LeakyReLU(0.2));
    const loaded = loadModel(saveModel([new Dense(2, 2), new LeakyReLU(0.3)]));
    expect(String(loaded[1])).toBe('LeakyReLU(0.3)');
  });
});

describe('metadata: what an application keeps beside the network (version 2)', () => {
  const network = () => [new Dense(2, 3), new Tanh(), new Dense(3, 1), new Tanh()];

  it('round-trips any JSON object with the network, and a file without it gives undefined', () => {
    const metadata = {
      page: { features: ['x1', 'x2'], seed: 7 },
      scale: [0.5, 1e-300],
      note: 'ok',
      on: true,
      none: null,
    };
    const file = loadModelFile(saveModel(network(), { metadata }));
    expect(file.version).toBe(2);
    expect(file.metadata).toEqual(metadata);
    expect(file.network.map(String)).toEqual(['Dense(2→3)', 'Tanh', 'Dense(3→1)', 'Tanh']);
    expect(loadModelFile(saveModel(network())).metadata).toBeUndefined();
  });

  it('still loads version 1 files, as the library wrote them before', () => {
    const old = JSON.parse(saveModel(network()));
    old.version = 1;
    const file = loadModelFile(JSON.stringify(old));
    expect(file.version).toBe(1);
    expect(file.metadata).toBeUndefined();
    expect(loadModel(JSON.stringify(old)).map(String)).toEqual(['Dense(2→3)', 'Tanh', 'Dense(3→1)', 'Tanh']);
  });

  it('refuses metadata that JSON would change or drop, naming where, and writes nothing', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const cases: [unknown, string][] = [
      [{ a: Number.NaN }, 'metadata.a: NaN is not a JSON number (JSON would write null)'],
      [{ a: [1, Number.POSITIVE_INFINITY] }, 'metadata.a[1]: Infinity is not a JSON number'],
      [{ a: undefined }, 'metadata.a: expected a JSON value, got nothing'],
      [{ a: new Date(0) }, 'metadata.a: expected a JSON value'],
      [{ a: () => 1 }, 'metadata.a: expected a JSON value'],
      [{ a: 1n }, 'metadata.a: expected a JSON value'],
      [{ a: Object.assign([1], { 2: 3 }) }, 'metadata.a[1]: a hole in an array'],
      [cycle, 'metadata.self: refers back to itself'],
      [[1], 'metadata: expected a JSON object, got an array'],
      ['text', 'metadata: expected a JSON object'],
    ];
    for (const [metadata, message] of cases) {
      expect(() => saveModel(network(), { metadata: metadata as Record<string, unknown> })).toThrow(ModelFormatError);
      expect(() => saveModel(network(), { metadata: metadata as Record<string, unknown> })).toThrow(message);
    }
  });

  it('refuses metadata nested 20,000 deep (or 5,000: JSON.stringify ran out of stack) with a ModelFormatError, in saveModel as in loadModelFile', () => {
    const nested = (depth: number, array: boolean) => {
      let value: unknown = 1;
      for (let i = 0; i < depth; i++) value = array ? [value] : { a: value };
      return value as Record<string, unknown>;
    };
    const message = 'metadata: nested more than 1000 levels deep, more than a model file holds';
    for (const depth of [1001, 5_000, 20_000]) {
      for (const array of [false, true]) {
        expect(() => saveModel(network(), { metadata: { x: nested(depth, array) } })).toThrow(message);
      }
    }
    expect(loadModelFile(saveModel(network(), { metadata: { x: nested(999, false) } })).metadata).toEqual({
      x: nested(999, false),
    });
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++) deep = { a: deep };
    expect(() => saveModel(network(), { metadata: deep })).toThrow(ModelFormatError);
    expect(() => saveModel(network(), { metadata: deep })).toThrow(message);
    const text = saveModel(network()).replace(
      '"layers"',
      `"metadata": ${'{"a":'.repeat(20_000)}{}${'}'.repeat(20_000)}, "layers"`,
    );
    expect(() => loadModelFile(text)).toThrow(message);
  });

  it('shares an object twice without calling it a cycle', () => {
    const shared = { k: 1 };
    expect(loadModelFile(saveModel(network(), { metadata: { a: shared, b: shared } })).metadata).toEqual({
      a: { k: 1 },
      b: { k: 1 },
    });
  });
});
