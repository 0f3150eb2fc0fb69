// jit: trace a function into a graph once per signature and run the backend's compiled plan.

export { jit, type JitArgument, type JitFunction, type JitResult } from './jit.js';
