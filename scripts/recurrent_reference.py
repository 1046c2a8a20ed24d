"""A reference of our own for @nn/recurrent: RNN, LSTM and GRU in numpy, forward and
backpropagation through time written step by step, to make the fixture the tests compare with.

Run from the repository root:  python3 scripts/recurrent_reference.py
It computes every case below and compares it with packages/recurrent/test/fixtures/recurrent-reference.json:
it prints the largest difference and exits 1 if any number differs by more than 1e-12. It changes
no file. To write the fixture anew, on purpose:  python3 scripts/recurrent_reference.py --write
The test `reference.test.ts` in @nn/recurrent loads each case's parameters, input and initial state
into our layers, runs forward and backward(R, 0), and compares outputs and gradients to 1e-12.

Conventions (those of @nn/recurrent): a batch of b sequences of T steps of n features is x[n, T, b];
step t is the matrix x[:, t, :] of b columns. The error is E = sum(R * Y) for a fixed R, so dE/dY = R.
"""
import json
import os
import sys

import numpy as np

FIXTURE = os.path.join('packages', 'recurrent', 'test', 'fixtures', 'recurrent-reference.json')


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def rnn(p, x, h0, R):
    W, U, B = p['inputWeights'], p['recurrentWeights'], p['bias']
    T = x.shape[1]
    hs, h = [h0], h0
    for t in range(T):
        h = np.tanh(W @ x[:, t, :] + U @ h + B)  # h_t = tanh(W x_t + U h_{t-1} + b)
        hs.append(h)
    Y = np.stack(hs[1:], axis=1)
    g = {k: np.zeros_like(v) for k, v in p.items()}
    dx = np.zeros_like(x)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        dh = R[:, t, :] + dh_next
        da = dh * (1 - hs[t + 1] ** 2)
        g['inputWeights'] += da @ x[:, t, :].T
        g['recurrentWeights'] += da @ hs[t].T
        g['bias'] += da.sum(axis=1, keepdims=True)
        dx[:, t, :] = W.T @ da
        dh_next = U.T @ da
    return Y, g, dx, {'initialState': dh_next}


def lstm(p, x, h0, c0, R):
    W, U, B = p['inputWeights'], p['recurrentWeights'], p['bias']
    n_h = h0.shape[0]
    T = x.shape[1]
    hs, cs, cache = [h0], [c0], []
    h, c = h0, c0
    for t in range(T):
        z = W @ x[:, t, :] + U @ h + B
        i = sigmoid(z[0:n_h])
        f = sigmoid(z[n_h:2 * n_h])
        g = np.tanh(z[2 * n_h:3 * n_h])
        o = sigmoid(z[3 * n_h:4 * n_h])
        c = f * c + i * g
        h = o * np.tanh(c)
        cache.append((i, f, g, o))
        hs.append(h)
        cs.append(c)
    Y = np.stack(hs[1:], axis=1)
    grads = {k: np.zeros_like(v) for k, v in p.items()}
    dx = np.zeros_like(x)
    dh_next = np.zeros_like(h0)
    dc_next = np.zeros_like(c0)
    for t in reversed(range(T)):
        i, f, g, o = cache[t]
        dh = R[:, t, :] + dh_next
        tc = np.tanh(cs[t + 1])
        dc = dc_next + dh * o * (1 - tc ** 2)
        dz = np.concatenate([
            dc * g * i * (1 - i),
            dc * cs[t] * f * (1 - f),
            dc * i * (1 - g ** 2),
            dh * tc * o * (1 - o),
        ])
        grads['inputWeights'] += dz @ x[:, t, :].T
        grads['recurrentWeights'] += dz @ hs[t].T
        grads['bias'] += dz.sum(axis=1, keepdims=True)
        dx[:, t, :] = W.T @ dz
        dh_next = U.T @ dz
        dc_next = dc * f
    return Y, grads, dx, {'initialState': dh_next, 'initialCellState': dc_next}


def gru(p, x, h0, R):
    W, U, B, B2 = p['inputWeights'], p['recurrentWeights'], p['bias'], p['recurrentBias']
    n_h = h0.shape[0]
    T = x.shape[1]
    hs, cache = [h0], []
    h = h0
    for t in range(T):
        ax = W @ x[:, t, :] + B
        ah = U @ h + B2
        z = sigmoid(ax[0:n_h] + ah[0:n_h])
        r = sigmoid(ax[n_h:2 * n_h] + ah[n_h:2 * n_h])
        nn = np.tanh(ax[2 * n_h:] + r * ah[2 * n_h:])  # reset after the recurrent product
        h = (1 - z) * nn + z * h
        cache.append((z, r, nn, ah[2 * n_h:]))
        hs.append(h)
    Y = np.stack(hs[1:], axis=1)
    grads = {k: np.zeros_like(v) for k, v in p.items()}
    dx = np.zeros_like(x)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        z, r, nn, ahn = cache[t]
        dh = R[:, t, :] + dh_next
        dn = dh * (1 - z) * (1 - nn ** 2)
        dzz = dh * (hs[t] - nn) * z * (1 - z)
        dr = dn * ahn * r * (1 - r)
        dax = np.concatenate([dzz, dr, dn])
        dah = np.concatenate([dzz, dr, dn * r])
        grads['inputWeights'] += dax @ x[:, t, :].T
        grads['bias'] += dax.sum(axis=1, keepdims=True)
        grads['recurrentWeights'] += dah @ hs[t].T
        grads['recurrentBias'] += dah.sum(axis=1, keepdims=True)
        dx[:, t, :] = W.T @ dax
        dh_next = U.T @ dah + dh * z
    return Y, grads, dx, {'initialState': dh_next}


def case(kind, n, n_h, T, b, rng):
    gates = {'RNN': 1, 'LSTM': 4, 'GRU': 3}[kind]
    p = {
        'inputWeights': rng.standard_normal((gates * n_h, n)) * 0.7,
        'recurrentWeights': rng.standard_normal((gates * n_h, n_h)) * 0.7,
        'bias': rng.standard_normal((gates * n_h, 1)) * 0.5,
    }
    if kind == 'GRU':
        p['recurrentBias'] = rng.standard_normal((gates * n_h, 1)) * 0.5
    x = rng.standard_normal((n, T, b))
    h0 = rng.standard_normal((n_h, b)) * 0.5
    c0 = rng.standard_normal((n_h, b)) * 0.5
    R = rng.standard_normal((n_h, T, b))
    if kind == 'RNN':
        Y, g, dx, states = rnn(p, x, h0, R)
    elif kind == 'LSTM':
        Y, g, dx, states = lstm(p, x, h0, c0, R)
    else:
        Y, g, dx, states = gru(p, x, h0, R)
    flat = lambda a: a.reshape(-1).tolist()
    out = {
        'kind': kind, 'inputSize': n, 'hiddenSize': n_h, 'steps': T, 'batch': b,
        'parameters': {k: flat(v) for k, v in p.items()},
        'input': flat(x), 'initialState': flat(h0), 'outputGradient': flat(R),
        'output': flat(Y),
        'gradients': {k: flat(v) for k, v in g.items()},
        'inputGradient': flat(dx),
        'initialStateGradient': flat(states['initialState']),
    }
    if kind == 'LSTM':
        out['initialCellState'] = flat(c0)
        out['initialCellStateGradient'] = flat(states['initialCellState'])
    return out


def cases():
    rng = np.random.default_rng(17)
    return [
        dict(name='one LSTM step', **case('LSTM', 3, 2, 1, 2, rng)),
        dict(name='one GRU step', **case('GRU', 3, 2, 1, 2, rng)),
        dict(name='an RNN sequence', **case('RNN', 2, 3, 4, 2, rng)),
        dict(name='an LSTM sequence', **case('LSTM', 2, 3, 4, 2, rng)),
        dict(name='a GRU sequence', **case('GRU', 2, 3, 4, 2, rng)),
    ]


def numbers(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from numbers(v)
    elif isinstance(value, list):
        for v in value:
            yield from numbers(v)
    elif isinstance(value, float):
        yield value


def main():
    computed = cases()
    if '--write' in sys.argv:
        with open(FIXTURE, 'w') as file:
            json.dump(computed, file, indent=1)
            file.write('\n')
        print(f'wrote {FIXTURE}: {len(computed)} cases')
        return
    with open(FIXTURE) as file:
        fixture = json.load(file)
    a, b = list(numbers(computed)), list(numbers(fixture))
    if len(a) != len(b):
        print(f'the fixture holds {len(b)} numbers, this script computes {len(a)}')
        sys.exit(1)
    largest = max(abs(x - y) for x, y in zip(a, b))
    print(f'{len(a)} numbers, largest difference from the fixture {largest:.3g}')
    sys.exit(0 if largest <= 1e-12 else 1)


if __name__ == '__main__':
    main()
