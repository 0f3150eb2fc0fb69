// Runs a graph step by step on a kernel table: the meaning of a traced program, and the plan of a backend that compiles nothing.

import type { TypedArray } from '../core/dtype.js';
import type { TensorData } from '../core/tensor-data.js';
import type { Kernel, KernelTable } from './backend.js';
import type { Executable, Graph } from './graph.js';
import type { Prim } from '../core/primitives.js';

/**
 * An Executable that runs each step's kernel from `kernels` in program order: states are read
 * as they are when the step runs (so an assign is seen by later steps), constants as traced,
 * and an assign copies into the state's own buffer.
 */
export function interpret(graph: Graph, kernels: KernelTable): Executable {
  return {
    run(args: readonly TensorData[]): TypedArray[] {
      const values: (TensorData | undefined)[] = graph.values.map((v) => {
        switch (v.source.kind) {
          case 'argument': return args[v.source.index];
          case 'state': return v.source.tensor;
          case 'constant': return v.source.data;
          case 'step': return undefined;
        }
      });
      const read = (id: number): TensorData => values[id] as TensorData;
      for (const step of graph.steps) {
        if (step.kind === 'assign') {
          const target = read(step.target);
          target.data.set(read(step.value).data);
          continue;
        }
        const out = graph.values[step.output];
        const kernel = kernels[step.prim] as Kernel<Prim>;
        const data = kernel(step.inputs.map(read), step.params, out);
        values[step.output] = { data, shape: out.shape, dtype: out.dtype };
      }
      return graph.outputs.map((id) => read(id).data.slice());
    },
  };
}
