// Reverse-mode autodiff: gradients, backward(), and the function transforms.

export { backward, gradients, type GradientsOptions } from './gradients.js';
export { grad, hessian, hvp, jacobian, valueAndGrad, type ArgnumsOption, type TensorFunction } from './transforms.js';
export { checkGradients, type CheckGradientsOptions, type CheckGradientsResult, type GradientMismatch } from './check-gradients.js';
export { enableGrad, noGrad } from '../ops/index.js';
