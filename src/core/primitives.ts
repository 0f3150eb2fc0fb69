// The catalogue of primitives: every op that has a kernel and a VJP. Everything else is composed.

/** Parameters each primitive takes, besides its input tensors. */
export interface PrimParams {
  // unary elementwise
  neg: Record<string, never>;
  exp: Record<string, never>;
  log: Record<string, never>;
  sin: Record<string, never>;
  cos: Record<string, never>;
  sqrt: Record<string, never>;
  tanh: Record<string, never>;
  erf: Record<string, never>;
  abs: Record<string, never>;
  sign: Record<string, never>;
  sigmoid: Record<string, never>;
  softplus: Record<string, never>;
  cast: { dtype: import('./dtype.js').DType };
  // binary elementwise (operands already of one shape; broadcasting is done by expand)
  add: Record<string, never>;
  sub: Record<string, never>;
  mul: Record<string, never>;
  div: Record<string, never>;
  pow: Record<string, never>;
  maximum: Record<string, never>;
  less: Record<string, never>;
  equal: Record<string, never>;
  where: Record<string, never>;
  // reductions
  sum: { axes: number[] };
  max: { axes: number[] };
  argmax: { axis: number };
  // movement
  reshape: { shape: number[] };
  transpose: { perm: number[] };
  expand: { shape: number[] };
  slice: { starts: number[]; ends: number[] };
  pad: { before: number[]; after: number[] };
  concat: { axis: number };
  gather: { axis: number };
  scatterAdd: { axis: number; size: number };
  // linear algebra: [..., m, k] x [..., k, n] with optional transposed operands
  matmul: { transA: boolean; transB: boolean };
}

export type Prim = keyof PrimParams;

export const unaryPrims = [
  'neg', 'exp', 'log', 'sin', 'cos', 'sqrt', 'tanh', 'erf', 'abs', 'sign', 'sigmoid', 'softplus',
] as const satisfies readonly Prim[];
export type UnaryPrim = (typeof unaryPrims)[number];

export const binaryPrims = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'less', 'equal'] as const satisfies readonly Prim[];
export type BinaryPrim = (typeof binaryPrims)[number];
