// The course network's learners: autograd (nn + optim + autodiff), scratch (hand-written backprop) and, loaded on demand, TensorFlow.js.

export { AutogradLearner } from './autograd.js';
export { ScratchLearner } from './scratch.js';
export { createLearner } from './learners.js';
