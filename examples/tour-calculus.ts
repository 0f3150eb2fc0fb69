// The README tour, part 1: the gradient and Hessian of f(x, y, z) = x² + y² + z² − xyz.

import { grad, hessian, tensor, type Tensor } from 'nabla';

const f = (v: Tensor) => {
  const [x, y, z] = [v.slice([0], [1]), v.slice([1], [2]), v.slice([2], [3])];
  return x.pow(2).add(y.pow(2)).add(z.pow(2)).sub(x.mul(y).mul(z)).sum();
};

const p = tensor([2, 2, 2], { dtype: 'float64' });
console.log(grad(f)(p).toArray()); // [0, 0, 0]: (2,2,2) is a critical point
console.log(hessian(f)(p).toArray()); // [[2,-2,-2],[-2,2,-2],[-2,-2,2]]: eigenvalues −2, 4, 4, a saddle
