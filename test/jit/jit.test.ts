// jit: a traced, compiled function gives what the function gives, on every backend, and refuses what it cannot replay.

import { afterEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/backend.js';
import { interpret } from '../../src/backend/interpret.js';
import { getBackend, setBackend } from '../../src/backend/registry.js';
import { referenceBackend } from '../../src/backend/reference/index.js';
import { wasmBackend } from '../../src/backend/select.js';
import { installNodeWasmLoader } from '../../src/backend/wasm/node-loader.js';
import { compilePlan } from '../../src/backend/wasm/plan.js';
import { rewrite } from '../../src/backend/wasm/rewrite.js';
import { trace } from '../../src/jit/trace.js';
import {
  SGD, Tensor, argmax, assign, crossEntropy, exp, grad, jit, matmul, mlp, sigmoid, sum, tensor, zeros,
} from '../../src/index.js';
import { AutogradLearner } from '../../src/mnist/autograd.js';
import { defaultConfig } from '../../src/train/config.js';

installNodeWasmLoader();
const backends: Backend[] = [referenceBackend, wasmBackend()];
const previous = getBackend();
afterEach(() => setBackend(previous));

/** A batch of MNIST-like inputs: about 80% zeros, the rest in (0, 1]. */
function images(rows: number, cols: number, seed: number): Tensor {
  const data = new Float32Array(rows * cols).map((_, i) => ((i * 7 + seed * 13) % 5 === 0 ? ((i * 31 + seed) % 255) / 255 + 1 / 255 : 0));
  return Tensor.fromNode(data, [rows, cols], 'float32', null);
}
const labels = (rows: number, seed: number) => Tensor.fromNode(Int32Array.from({ length: rows }, (_, i) => (i * 3 + seed) % 10), [rows], 'int32', null);

describe.each(backends.map((b) => [b.name, b] as const))('jit on %s', (_name, backend) => {
  it('gives the eager results, traces once per signature and again for a new shape', () => {
    setBackend(backend);
    const f = (x: Tensor, w: Tensor) => sum(exp(matmul(x, w).mul(0.5)), -1);
    const g = jit(f);
    const w = tensor([[1, -1], [0.5, 2], [-0.25, 0]]);
    for (const rows of [2, 2, 5, 2]) {
      const x = Tensor.fromNode(Float32Array.from({ length: rows * 3 }, (_, i) => Math.sin(i + rows)), [rows, 3], 'float32', null);
      expect(Array.from(g(x, w).data)).toEqual(Array.from(f(x, w).data));
    }
    expect(g.stats().traces).toBe(2);
  });

  it('reads a tensor made before the call as it is at each call, and assign updates it in place', () => {
    setBackend(backend);
    const scale = tensor([2]);
    const total = zeros([3]);
    const step = jit((x: Tensor) => {
      const y = x.mul(scale);
      assign(total, total.add(y));
      return y;
    });
    const x = tensor([1, 2, 3]);
    expect(Array.from(step(x).data)).toEqual([2, 4, 6]);
    scale.data[0] = 10;
    expect(Array.from(step(x).data)).toEqual([10, 20, 30]);
    expect(Array.from(total.data)).toEqual([12, 24, 36]);
  });

  it('makes the first call with the compiled plan too: a traced update happens once, not twice', () => {
    setBackend(backend);
    const counter = zeros([2]);
    const increment = jit((by: Tensor) => {
      assign(counter, counter.add(by));
      return counter.mul(1);
    });
    expect(Array.from(increment(tensor([1, 2])).data)).toEqual([1, 2]);
    expect(Array.from(counter.data)).toEqual([1, 2]);
    expect(Array.from(increment(tensor([1, 2])).data)).toEqual([2, 4]);
  });

  it('sees a detached copy of a state as that state (stop-gradient on a parameter), wherever its values live', () => {
    setBackend(backend);
    const w = tensor([1, 2, 3]);
    const shift = jit((x: Tensor) => {
      assign(w, w.add(1));
      return x.mul(w.detach());
    });
    const x = tensor([1, 1, 1]);
    expect(Array.from(shift(x).data)).toEqual([2, 3, 4]);
    expect(Array.from(shift(x).data)).toEqual([3, 4, 5]);
    expect(Array.from(w.detach().data)).toEqual([3, 4, 5]);
  });

  it('compiles a gradient (jit of grad) to the eager gradient, in float64', () => {
    setBackend(backend);
    const f = (x: Tensor) => sum(sigmoid(x.mul(x)).mul(x));
    const df = grad(f);
    const x = tensor([-2, -0.5, 0, 0.5, 1000], { dtype: 'float64' });
    const compiled = jit((t: Tensor) => df(t));
    compiled(x);
    expect(Array.from(compiled(x).data)).toEqual(Array.from(df(x).data));
  });

  it('trains the course network step for step as the eager learner does', () => {
    setBackend(backend);
    const config = { ...defaultConfig, hidden: [16, 8], momentum: 0.9, seed: 3 };
    const [compiled, eager] = [true, false].map((useJit) => new AutogradLearner(config, { jit: useJit }));
    for (let s = 0; s < 4; s++) {
      const batch = { images: images(32, 784, s).data as Float32Array, labels: labels(32, s).data as Int32Array, size: 32 };
      const a = compiled.trainStep(batch, 0.1);
      const b = eager.trainStep(batch, 0.1);
      expect(a.correct).toBe(b.correct);
      expect(Math.abs(a.lossSum - b.lossSum)).toBeLessThanOrEqual(1e-5 * Math.abs(b.lossSum));
    }
    const [wa, wb] = [compiled.weights(), eager.weights()];
    for (const name of Object.keys(wb)) {
      const diff = Math.max(...Array.from(wa[name].data, (v, i) => Math.abs(v - wb[name].data[i])));
      expect(diff, name).toBeLessThan(1e-5);
    }
    expect(compiled.optimizerState().step).toBe(4);
  });

  it('handles empty and size-1 tensors, and a result that is an argument', () => {
    setBackend(backend);
    const f = jit((x: Tensor, y: Tensor) => [x.add(1), y]);
    for (const shape of [[0, 3], [1], []]) {
      const x = zeros(shape);
      const [a, b] = f(x, x.add(5));
      expect(a.shape).toEqual(shape);
      expect(Array.from(a.data)).toEqual(Array.from(x.data, (v) => v + 1));
      expect(Array.from(b.data)).toEqual(Array.from(x.data, (v) => v + 5));
    }
  });

  it('keeps NaN, ±1e3 and −0 as the eager ops do', () => {
    setBackend(backend);
    const f = (x: Tensor) => sigmoid(x).mul(x).neg();
    const x = tensor([NaN, 1000, -1000, -0, 0]);
    const g = jit(f);
    g(x);
    expect(Array.from(g(x).data)).toEqual(Array.from(f(x).data));
  });
});

describe('jit refuses what it could not replay', () => {
  it('a read of an argument’s values in JavaScript', () => {
    const f = jit((x: Tensor) => tensor([x.data[0]]).add(x));
    expect(() => f(tensor([1, 2]))).toThrow(/^jit: the traced function read the values of argument 0 \(\[2\] float32\) in JavaScript/);
  });

  it('item() of an intermediate result, naming the op', () => {
    const f = jit((x: Tensor) => (x.sum().item() > 0 ? x : x.neg()));
    expect(() => f(tensor([1, 2]))).toThrow(/the result of sum/);
  });

  it('an argument that requires a gradient', () => {
    const f = jit((x: Tensor) => x.mul(2));
    expect(() => f(tensor([1]).requireGrad())).toThrow(/argument 0 \(\[1\]\) requires a gradient/);
  });

  it('an assign to an argument', () => {
    expect(() => jit((x: Tensor) => assign(x, x.add(1)))(tensor([1]))).toThrow(/^jit: assign to argument 0;/);
  });

  it('an assign to a tensor made inside the function, and a result that is not a tensor', () => {
    expect(() => jit((x: Tensor) => assign(zeros([1]), x))(tensor([1]))).toThrow(/assign to a tensor \[1\] made inside the traced function/);
    expect(() => jit((() => 3) as unknown as (x: Tensor) => Tensor)(tensor([1]))).toThrow(/returned number at result/);
  });

  it('leaves nothing traced behind after a refusal: the next call traces again and works', () => {
    let bad = true;
    const f = jit((x: Tensor) => (bad ? tensor([x.data[0]]) : x.mul(3)));
    expect(() => f(tensor([1]))).toThrow(/jit:/);
    bad = false;
    expect(Array.from(f(tensor([2])).data)).toEqual([6]);
  });
});

describe('the wasm plan', () => {
  function stepGraph() {
    setBackend(wasmBackend());
    const net = mlp({ input: 784, hidden: [32, 16], output: 10, activation: 'sigmoid', seed: 5 });
    const opt = new SGD(net.parameters(), { lr: 0.1, momentum: 0.9 });
    const x = images(8, 784, 1);
    const y = labels(8, 1);
    const body = () => {
      const logits = net.forward(x);
      const loss = crossEntropy(logits, y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      return [loss, argmax(logits, -1)];
    };
    return { net, ...trace(body, [x, y], Tensor.nextSerial(), (r) => r), x, y };
  }

  it('fuses the linear layers, the sigmoid backward and the SGD updates', () => {
    const { graph } = stepGraph();
    const kinds = rewrite(graph).ops.map((op) => (op.kind === 'linear' ? `linear${op.sigmoid ? '+sigmoid' : ''}` : op.kind));
    expect(kinds.filter((k) => k === 'linear+sigmoid')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'linear')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'sigmoidGrad')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'sgd')).toHaveLength(6);
  });

  it('gives the interpreter’s results and state updates, and keeps parameters resident and readable', () => {
    const { graph, net, x, y } = stepGraph();
    const params = net.parameters();
    // every state the step reads (parameters, momentum buffers, step count, learning rate), to restore
    const states = graph.values.flatMap((v) => (v.source.kind === 'state' ? [v.source.tensor] : []));
    const start = states.map((t) => t.data.slice());
    const restore = () => states.forEach((t, i) => t.data.set(start[i]));
    const outInterpreted = interpret(graph, referenceBackend.kernels).run([x, y]);
    const afterInterpreted = params.map((p) => p.data.slice());
    restore();
    const plan = compilePlan(graph);
    expect(params.every((p) => p.isRelocated)).toBe(true);
    expect(states.map((t, i) => Array.from(t.data).every((v, j) => Object.is(v, start[i][j])))).not.toContain(false);
    const outPlan = plan.run([x, y]);
    expect(Array.from(outPlan[1])).toEqual(Array.from(outInterpreted[1]));
    expect(Math.abs(outPlan[0][0] - outInterpreted[0][0])).toBeLessThan(1e-5);
    params.forEach((p, i) => {
      const diff = Math.max(...Array.from(p.data, (v, j) => Math.abs(v - afterInterpreted[i][j])));
      expect(diff).toBeLessThan(1e-6);
    });
    // growing wasm memory detaches old views; a parameter's .data is re-taken and keeps its values
    const before = Array.from(params[0].data);
    matmul(zeros([1024, 1024]), zeros([1024, 1024]));
    expect(Array.from(params[0].data)).toEqual(before);
  });
});
