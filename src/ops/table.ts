// Every primitive's definition in one table: a missing shape rule or VJP is a compile error.

import { binaryPrims, unaryPrims, type BinaryPrim, type Prim, type UnaryPrim } from '../core/primitives.js';
import * as elementwise from './elementwise.js';
import { matmulDef } from './matmul.js';
import { concatDef, expandDef, gatherDef, padDef, reshapeDef, scatterAddDef, sliceDef, transposeDef } from './movement.js';
import type { PrimDef } from './prim-def.js';
import { argmaxDef, maxDef, sumDef } from './reduce.js';

/** The elementwise ops carry their definitions: one exported function per catalogued primitive, named after it. */
const elementwiseOps: { readonly [P in UnaryPrim | BinaryPrim | 'cast' | 'where']: { readonly def: PrimDef<P> } } = elementwise;

/** The definitions of the named elementwise primitives, keyed by name. */
function elementwiseDefs<K extends UnaryPrim | BinaryPrim>(names: readonly K[]): { [P in K]: PrimDef<P> } {
  const defs: Partial<Record<K, PrimDef<K>>> = {};
  for (const name of names) defs[name] = elementwiseOps[name].def;
  return defs as { [P in K]: PrimDef<P> };
}

export const primDefs = {
  ...elementwiseDefs(Object.keys(unaryPrims) as UnaryPrim[]),
  ...elementwiseDefs(Object.keys(binaryPrims) as BinaryPrim[]),
  cast: elementwise.cast.def,
  where: elementwise.where.def,
  sum: sumDef,
  max: maxDef,
  argmax: argmaxDef,
  reshape: reshapeDef,
  transpose: transposeDef,
  expand: expandDef,
  slice: sliceDef,
  pad: padDef,
  concat: concatDef,
  gather: gatherDef,
  scatterAdd: scatterAddDef,
  matmul: matmulDef,
} satisfies { [P in Prim]: PrimDef<P> };
