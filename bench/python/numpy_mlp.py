"""The course recipe from scratch in NumPy, as a student writes it: the peer for a hand-written backprop.

784-128-64-10 sigmoid, softmax + cross-entropy, plain SGD, batch 64.
Usage: python3 bench/python/numpy_mlp.py [--epochs N] [--lr LR] [--max-batches B]
"""
import argparse
import json
import time

import numpy as np

from mnist_idx import load

p = argparse.ArgumentParser()
p.add_argument('--epochs', type=int, default=1)
p.add_argument('--lr', type=float, default=0.1)
p.add_argument('--batch-size', type=int, default=64)
p.add_argument('--max-batches', type=int, default=0)
a = p.parse_args()

rng = np.random.default_rng(1)
(x, y), _, (xt, yt) = load()
sizes = [784, 128, 64, 10]
W = [rng.uniform(-1, 1, (o, i)).astype(np.float32) * np.float32(np.sqrt(6 / (i + o))) for i, o in zip(sizes, sizes[1:])]
b = [np.zeros(o, np.float32) for o in sizes[1:]]


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def forward(xb):
    acts = [xb]
    for k in range(len(W)):
        z = acts[-1] @ W[k].T + b[k]
        acts.append(sigmoid(z) if k < len(W) - 1 else z)
    return acts


for epoch in range(1, a.epochs + 1):
    start = time.perf_counter()
    order = rng.permutation(len(x))
    batches = 0
    for i in range(0, len(x), a.batch_size):
        idx = order[i:i + a.batch_size]
        acts = forward(x[idx])
        z = acts[-1]
        p_ = np.exp(z - z.max(1, keepdims=True))
        p_ /= p_.sum(1, keepdims=True)
        delta = p_
        delta[np.arange(len(idx)), y[idx]] -= 1
        delta /= len(idx)
        for k in reversed(range(len(W))):
            gW = delta.T @ acts[k]
            gb = delta.sum(0)
            if k > 0:
                delta = (delta @ W[k]) * acts[k] * (1 - acts[k])
            W[k] -= a.lr * gW
            b[k] -= a.lr * gb
        batches += 1
        if a.max_batches and batches >= a.max_batches:
            break
    print(json.dumps({'epoch': epoch, 'seconds': time.perf_counter() - start, 'batches': batches}), flush=True)
print(json.dumps({'testAccuracy': float((forward(xt)[-1].argmax(1) == yt).mean())}), flush=True)
