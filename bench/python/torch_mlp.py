"""The course recipe in PyTorch (1 thread): 784-128-64-10 sigmoid, cross-entropy, SGD, batch 64.

Usage: python3 bench/python/torch_mlp.py [--epochs N] [--momentum M] [--lr LR] [--max-batches B]
Prints one JSON line per epoch and a final line with the test accuracy; nabla's bench reads them.
"""
import argparse
import json
import time

import numpy as np
import torch

from mnist_idx import load

p = argparse.ArgumentParser()
p.add_argument('--epochs', type=int, default=10)
p.add_argument('--momentum', type=float, default=0.9)
p.add_argument('--lr', type=float, default=0.1)
p.add_argument('--batch-size', type=int, default=64)
p.add_argument('--seed', type=int, default=1)
p.add_argument('--hidden', default='128,64', help='hidden widths, comma-separated (the course: 128,64)')
p.add_argument('--max-batches', type=int, default=0, help='stop each epoch after B batches (timing only)')
a = p.parse_args()

torch.set_num_threads(1)
torch.manual_seed(a.seed)
(x, y), (xv, yv), (xt, yt) = load()
x, y, xv, yv, xt, yt = map(torch.from_numpy, (x, y, xv, yv, xt, yt))

widths = [784] + [int(h) for h in a.hidden.split(',')] + [10]
layers = []
for i in range(len(widths) - 1):
    layers.append(torch.nn.Linear(widths[i], widths[i + 1]))
    if i < len(widths) - 2:
        layers.append(torch.nn.Sigmoid())
net = torch.nn.Sequential(*layers)
for m in net:
    if isinstance(m, torch.nn.Linear):  # Glorot uniform and zero biases, as nabla's mlp()
        torch.nn.init.xavier_uniform_(m.weight)
        torch.nn.init.zeros_(m.bias)
opt = torch.optim.SGD(net.parameters(), lr=a.lr, momentum=a.momentum)
loss_fn = torch.nn.CrossEntropyLoss()
rng = np.random.default_rng(a.seed)


def accuracy(xs, ys):
    with torch.no_grad():
        return (net(xs).argmax(1) == ys).float().mean().item()


for epoch in range(1, a.epochs + 1):
    start = time.perf_counter()
    order = torch.from_numpy(rng.permutation(len(x)))
    batches = 0
    for i in range(0, len(x), a.batch_size):
        idx = order[i:i + a.batch_size]
        opt.zero_grad()
        loss = loss_fn(net(x[idx]), y[idx])
        loss.backward()
        opt.step()
        batches += 1
        if a.max_batches and batches >= a.max_batches:
            break
    seconds = time.perf_counter() - start
    print(json.dumps({'epoch': epoch, 'seconds': seconds, 'batches': batches, 'valAccuracy': accuracy(xv, yv)}), flush=True)
print(json.dumps({'testAccuracy': accuracy(xt, yt)}), flush=True)
