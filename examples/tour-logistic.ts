// The README tour, part 2: logistic regression trained with backward() and an SGD step written out.

import { noGrad, randn, sigmoid, tensor, zeros, type Tensor } from 'nabla';

// two Gaussian blobs in the plane, labelled 0 and 1
const n = 200;
const x = randn([n, 2], { seed: 0 }).add(tensor([[2, 2]]).mul(randn([n, 1], { seed: 1 }).sign()));
const y = x.sum(1, true).greater(0).cast('float32');

const w = zeros([2, 1], { requiresGrad: true });
const b = zeros([1], { requiresGrad: true });
const lr = 0.5;

for (let step = 0; step < 100; step++) {
  const p = sigmoid(x.matmul(w).add(b));
  // binary cross-entropy: −mean(y log p + (1 − y) log(1 − p))
  const loss = y.mul(p.log()).add(y.neg().add(1).mul(p.neg().add(1).log())).mean().neg();
  w.zeroGrad();
  b.zeroGrad();
  loss.backward();
  noGrad(() => {
    // w ← w − lr·∂L/∂w, in place
    for (const [param, g] of [[w, w.grad], [b, b.grad]] as Array<[Tensor, Tensor]>) {
      for (let i = 0; i < param.size; i++) param.data[i] -= lr * g.data[i];
    }
  });
  if (step % 25 === 0) console.log(`step ${step}: loss ${loss.item().toFixed(4)}`);
}
const accuracy = sigmoid(x.matmul(w).add(b)).greater(0.5).equal(y).mean().item();
console.log(`accuracy ${(accuracy * 100).toFixed(1)}%`);
