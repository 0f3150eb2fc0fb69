// Every primitive's definition in one table: a missing shape rule or VJP is a compile error.

import type { Prim } from '../core/primitives.js';
import { binaryDefs, castDef, unaryDefs, whereDef } from './elementwise.js';
import { matmulDef } from './matmul.js';
import { concatDef, expandDef, gatherDef, padDef, reshapeDef, scatterAddDef, sliceDef, transposeDef } from './movement.js';
import type { PrimDef } from './prim-def.js';
import { argmaxDef, maxDef, sumDef } from './reduce.js';

export const primDefs = {
  ...unaryDefs,
  ...binaryDefs,
  cast: castDef,
  where: whereDef,
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
