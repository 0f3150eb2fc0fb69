// Matmul throughput of the active backend: GFLOP/s on square and MLP-shaped products, NN/NT/TN.

import { matmul, randn, getBackend, type Tensor } from '../src/index.js';

export interface MatmulFigure {
  label: string;
  form: 'NN' | 'NT' | 'TN';
  m: number;
  k: number;
  n: number;
  gflops: number;
  msPerCall: number;
}

function timeIt(fn: () => void, minSeconds: number): number {
  fn(); // warm-up: JIT and caches
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    fn();
    calls++;
    elapsed = (performance.now() - start) / 1000;
  } while (elapsed < minSeconds);
  return elapsed / calls;
}

/** Times C = A·B (and the transposed forms) for each shape; 2·m·k·n flops per product. */
export function benchMatmul(shapes: Array<{ label: string; m: number; k: number; n: number; forms?: Array<'NN' | 'NT' | 'TN'> }>, minSeconds = 1): MatmulFigure[] {
  const out: MatmulFigure[] = [];
  for (const { label, m, k, n, forms } of shapes) {
    for (const form of forms ?? ['NN']) {
      let a: Tensor;
      let b: Tensor;
      if (form === 'NN') [a, b] = [randn([m, k], { seed: 1 }), randn([k, n], { seed: 2 })];
      else if (form === 'NT') [a, b] = [randn([m, k], { seed: 1 }), randn([n, k], { seed: 2 })];
      else [a, b] = [randn([k, m], { seed: 1 }), randn([k, n], { seed: 2 })];
      const options = { transA: form === 'TN', transB: form === 'NT' };
      const seconds = timeIt(() => void matmul(a, b, options), minSeconds);
      out.push({ label, form, m, k, n, gflops: (2 * m * k * n) / seconds / 1e9, msPerCall: seconds * 1000 });
    }
  }
  return out;
}

export function printMatmul(figures: MatmulFigure[]): void {
  console.log(`\nmatmul, float32, backend=${getBackend().name}, 1 thread`);
  console.log('shape                      form   ms/call    GFLOP/s');
  for (const f of figures) {
    const shape = `${f.label} (${f.m}x${f.k}x${f.n})`.padEnd(26);
    console.log(`${shape} ${f.form.padEnd(5)} ${f.msPerCall.toFixed(3).padStart(9)} ${f.gflops.toFixed(2).padStart(10)}`);
  }
}
