// The catalogue of primitives: every op that has a kernel and a VJP. Everything else is composed.

/**
 * The unary elementwise primitives, and whether each takes float inputs only. This list is the
 * one place a unary primitive is named: its params, the op table, the reference kernel table and
 * the op test table are all keyed by it, so the compiler points at every place a new one needs.
 */
export const unaryPrims = {
  neg: { floatOnly: false },
  exp: { floatOnly: true },
  log: { floatOnly: true },
  sin: { floatOnly: true },
  cos: { floatOnly: true },
  sqrt: { floatOnly: true },
  tanh: { floatOnly: true },
  erf: { floatOnly: true },
  abs: { floatOnly: false },
  sign: { floatOnly: false },
  sigmoid: { floatOnly: true },
  softplus: { floatOnly: true },
} as const satisfies Record<string, { readonly floatOnly: boolean }>;
export type UnaryPrim = keyof typeof unaryPrims;

/** The binary elementwise primitives (operands already of one shape; broadcasting is done by expand). */
export const binaryPrims = {
  add: { floatOnly: false },
  sub: { floatOnly: false },
  mul: { floatOnly: false },
  div: { floatOnly: false },
  pow: { floatOnly: true },
  maximum: { floatOnly: false },
  less: { floatOnly: false },
  equal: { floatOnly: false },
} as const satisfies Record<string, { readonly floatOnly: boolean }>;
export type BinaryPrim = keyof typeof binaryPrims;

type NoParams = Record<string, never>;
type ElementwiseParams = { [P in UnaryPrim | BinaryPrim]: NoParams };

/** Parameters each primitive takes, besides its input tensors (none for the unary and binary ones). */
export interface PrimParams extends ElementwiseParams {
  cast: { dtype: import('./dtype.js').DType };
  where: NoParams;
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
