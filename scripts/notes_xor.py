"""The notes' XOR network in numpy, as written in the notes, to make the parity fixture.

Run from the repository root:  python3 scripts/notes_xor.py
It runs the notes' code and compares the result with packages/train/test/fixtures/notes-xor.json
(the initial weights from np.random.seed(0), the error of every epoch, the final weights and the
outputs): it prints the largest difference and exits 1 if any number differs by more than 1e-12.
It changes no file: another numpy, BLAS or CPU may differ in the last digits. To write the fixture
anew, on purpose:  python3 scripts/notes_xor.py --write The test `parity.test.ts` in @nn/train loads the
same initial weights into our layers, trains with our `fit`, and compares.
"""
import json
import os
import sys

import numpy as np


class Layer:
    def __init__(self):
        self.input = None
        self.output = None

    def forward(self, input):
        pass

    def backward(self, output_gradient, learning_rate):
        pass


class Dense(Layer):
    def __init__(self, input_size, output_size):
        self.weights = np.random.randn(output_size, input_size)
        self.bias = np.random.randn(output_size, 1)

    def forward(self, input):
        self.input = input
        return np.dot(self.weights, self.input) + self.bias

    def backward(self, output_gradient, learning_rate):
        weights_gradient = np.dot(output_gradient, self.input.T)
        input_gradient = np.dot(self.weights.T, output_gradient)
        self.weights -= learning_rate * weights_gradient
        self.bias -= learning_rate * output_gradient
        return input_gradient


class Activation(Layer):
    def __init__(self, activation, activation_prime):
        self.activation = activation
        self.activation_prime = activation_prime

    def forward(self, input):
        self.input = input
        return self.activation(self.input)

    def backward(self, output_gradient, learning_rate):
        return np.multiply(output_gradient, self.activation_prime(self.input))


class Tanh(Activation):
    def __init__(self):
        def tanh(x):
            return np.tanh(x)

        def tanh_prime(x):
            return 1 - np.tanh(x) ** 2

        super().__init__(tanh, tanh_prime)


def mse(y_true, y_pred):
    return np.mean(np.power(y_true - y_pred, 2))


def mse_prime(y_true, y_pred):
    return 2 * (y_pred - y_true) / np.size(y_true)


def predict(network, input):
    output = input
    for layer in network:
        output = layer.forward(output)
    return output


def fit(network, loss, loss_prime, x_train, y_train, epochs=1000, learning_rate=0.01):
    errors = []
    for e in range(epochs):
        error = 0
        for x, y in zip(x_train, y_train):
            output = predict(network, x)
            error += loss(y, output)
            grad = loss_prime(y, output)
            for layer in reversed(network):
                grad = layer.backward(grad, learning_rate)
        error /= len(x_train)
        errors.append(float(error))
    return errors


def weights_of(network):
    return [
        {"weights": layer.weights.tolist(), "bias": layer.bias.tolist()}
        for layer in network
        if isinstance(layer, Dense)
    ]


np.random.seed(0)
X = np.reshape([[0, 0], [0, 1], [1, 0], [1, 1]], (4, 2, 1))
Y = np.reshape([[0], [1], [1], [0]], (4, 1, 1))
network = [Dense(2, 3), Tanh(), Dense(3, 1), Tanh()]
initial = weights_of(network)
errors = fit(network, mse, mse_prime, X, Y, epochs=1000, learning_rate=0.1)
fixture = {
    "about": "The notes' XOR network trained by the notes' numpy code (scripts/notes_xor.py), numpy "
    + np.__version__,
    "epochs": 1000,
    "learningRate": 0.1,
    "initial": initial,
    "errors": errors,
    "final": weights_of(network),
    "outputs": [float(predict(network, x)[0, 0]) for x in X],
}
path = os.path.join("packages", "train", "test", "fixtures", "notes-xor.json")
if "--write" in sys.argv[1:]:
    with open(path, "w") as f:
        json.dump(fixture, f, indent=1)
        f.write("\n")
    print(f"wrote {path}: final error {errors[-1]:.6g}, outputs {fixture['outputs']}")
    sys.exit(0)


def numbers(value):
    """Every number in a JSON value, in order."""
    if isinstance(value, dict):
        return [n for key in sorted(value) if key != "about" for n in numbers(value[key])]
    if isinstance(value, list):
        return [n for item in value for n in numbers(item)]
    return [value] if isinstance(value, (int, float)) else []


with open(path) as f:
    saved = numbers(json.load(f))
ran = numbers(json.loads(json.dumps(fixture)))
if len(saved) != len(ran):
    print(f"{path} holds {len(saved)} numbers, the notes' code gives {len(ran)}: the fixture does not match")
    sys.exit(1)
largest = max(abs(a - b) for a, b in zip(saved, ran))
if largest > 1e-12:
    print(f"{path} differs from the notes' code by up to {largest:.3g} (> 1e-12); --write rewrites it")
    sys.exit(1)
print(f"{path} matches the notes' code (numpy {np.__version__}): largest difference {largest:.3g}")
