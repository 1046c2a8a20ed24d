"""The MNIST MLP of `pnpm mnist` in numpy, float32: the numpy row of `pnpm bench`.

The bench (src/workloads/numpy.ts, src/digit-files.ts) writes the digits it trains nn on into a
temporary folder and runs, once per repetition:

    python3 mnist_mlp.py FOLDER SEED

FOLDER holds spec.json (the model as @nn/mnist's MODEL_SPECS describes it, and the batch size) and
the digits as raw little-endian arrays: train-x.f32 and test-x.f32 (784 float32 pixels per digit,
row by row), train-y.u8 and test-y.u8 (the labels). The script builds the network the spec
describes (dense layers with tanh or relu between them, the scores trained with softmax and
cross-entropy), draws its initial weights as nn does (xavier: N(0, 1/fanIn), he: N(0, 2/fanIn),
biases at 0), trains one epoch in shuffled batches with the spec's optimizer and learning rate,
counting training accuracy as nn's `fit` does, then measures test accuracy. It prints one JSON
line: the seconds the epoch took, the test accuracy, and what numpy ran with.

Samples are rows here (X is [b, 784], W is [out, in] as in nn, so Z = X·Wᵀ + b), as a numpy user
writes it; the first layer computes no dE/dX, which nothing uses.
"""
import ctypes
import json
import os
import sys
import time

import numpy as np

F32 = np.float32


def read(folder, name, dtype, width=1):
    data = np.fromfile(os.path.join(folder, name), dtype=dtype)
    return data.reshape(-1, width) if width > 1 else data


def blas_threads():
    """The thread count of the OpenBLAS numpy loaded, or None where it cannot be asked."""
    try:
        with open('/proc/self/maps') as maps:
            paths = {line.split()[-1] for line in maps if 'openblas' in line.lower() and '/' in line}
    except OSError:
        return None
    for path in paths:
        library = ctypes.CDLL(path)
        for symbol in ('scipy_openblas_get_num_threads64_', 'openblas_get_num_threads64_', 'openblas_get_num_threads'):
            if hasattr(library, symbol):
                return getattr(library, symbol)()
    return None


def build(spec, rng):
    """The layers of the spec: ('dense', W, b) and ('tanh',) or ('relu',), and the input width."""
    layers, width = [], 784
    for layer in spec['layers']:
        kind = layer['kind']
        if kind == 'dense':
            scale = {'xavier': 1.0, 'he': 2.0}.get(layer['init'])
            if scale is None:
                raise SystemExit(f"mnist_mlp.py: init {layer['init']!r} is not implemented")
            # W ~ N(0, scale/fanIn), B = 0, as nn's `initialTensor` with xavier or he
            weights = (rng.standard_normal((layer['units'], width)) * np.sqrt(scale / width)).astype(F32)
            layers.append(('dense', weights, np.zeros(layer['units'], F32)))
            width = layer['units']
        elif kind in ('tanh', 'relu'):
            layers.append((kind,))
        else:
            raise SystemExit(f'mnist_mlp.py: layer {kind!r} is not implemented (dense, tanh, relu)')
    return layers


def forward(layer, x):
    if layer[0] == 'dense':
        return x @ layer[1].T + layer[2]  # Z = X·Wᵀ + B
    if layer[0] == 'tanh':
        return np.tanh(x)
    return np.maximum(x, F32(0))


def train_epoch(layers, spec, batch_size, x, y, rng):
    """One epoch of shuffled batches; returns the training accuracy."""
    optimizer = spec['optimizer']
    if optimizer['name'] != 'momentum':
        raise SystemExit(f"mnist_mlp.py: optimizer {optimizer['name']!r} is not implemented (momentum)")
    mu, learning_rate = F32(optimizer['momentum']), F32(spec['learningRate'])
    parameters = [p for layer in layers if layer[0] == 'dense' for p in layer[1:]]
    velocity = [np.zeros_like(p) for p in parameters]
    order = rng.permutation(len(x))
    right = 0
    for start in range(0, len(x), batch_size):
        picks = order[start:start + batch_size]
        inputs, labels = x[picks], y[picks]
        b = len(picks)
        # forward: values[i] is the input of layer i, values[i + 1] its output
        values = [inputs]
        for layer in layers:
            values.append(forward(layer, values[-1]))
        a = values[-1]
        right += int(np.count_nonzero(a.argmax(axis=1) == labels))
        # dE/dZ = (softmax(Z) − Ŷ) / b
        e = np.exp(a - a.max(axis=1, keepdims=True))
        gradient = e / e.sum(axis=1, keepdims=True)
        gradient[np.arange(b), labels] -= F32(1)
        gradient /= F32(b)
        gradients = []
        for i in range(len(layers) - 1, -1, -1):
            layer, layer_input, layer_output = layers[i], values[i], values[i + 1]
            if layer[0] == 'dense':
                gradients.append(gradient.sum(axis=0))  # dE/dB = Σ over the batch of dE/dZ
                gradients.append(gradient.T @ layer_input)  # dE/dW = dE/dZᵀ · X
                if i > 0:
                    gradient = gradient @ layer[1]  # dE/dX = dE/dZ · W
            elif layer[0] == 'tanh':
                gradient = gradient * (F32(1) - layer_output * layer_output)  # dE/dX = dE/dY ⊙ (1 − Y²)
            else:
                gradient = gradient * (layer_input > 0)  # dE/dX = dE/dY ⊙ [X > 0]
        gradients.reverse()
        for p, v, g in zip(parameters, velocity, gradients):
            v *= mu
            v += g  # V ← μ·V + dE/dP
            p -= learning_rate * v  # P ← P − α·V
    return right / len(x)


def accuracy(layers, x, y):
    for layer in layers:
        x = forward(layer, x)
    return float(np.mean(x.argmax(axis=1) == y))


def main():
    if len(sys.argv) != 3:
        raise SystemExit('usage: python3 mnist_mlp.py FOLDER SEED')
    folder, seed = sys.argv[1], int(sys.argv[2])
    with open(os.path.join(folder, 'spec.json')) as f:
        settings = json.load(f)
    spec, batch_size = settings['spec'], settings['batchSize']
    x, y = read(folder, 'train-x.f32', '<f4', 784), read(folder, 'train-y.u8', np.uint8).astype(np.intp)
    x_test, y_test = read(folder, 'test-x.f32', '<f4', 784), read(folder, 'test-y.u8', np.uint8).astype(np.intp)
    rng = np.random.default_rng(seed)
    layers = build(spec, rng)
    start = time.perf_counter()
    training_accuracy = train_epoch(layers, spec, batch_size, x, y, rng)
    seconds = time.perf_counter() - start
    threads = blas_threads()
    print(json.dumps({
        'seconds': seconds,
        'accuracy': accuracy(layers, x_test, y_test),
        'trainingAccuracy': training_accuracy,
        'numpy': np.__version__,
        'blasThreads': threads,
    }))


if __name__ == '__main__':
    main()
