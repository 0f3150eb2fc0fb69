// The list of CLI commands; each module exports a function that registers itself on the program.

import type { Command } from 'commander';

import { registerBackprop } from './backprop.js';
import { registerCapacity } from './capacity.js';
import { registerCompare } from './compare.js';
import { registerCritical } from './critical.js';
import { registerCurves } from './curves.js';
import { registerDescent } from './descent.js';
import { registerEvaluate } from './evaluate.js';
import { registerGrad } from './grad.js';
import { registerGraph } from './graph.js';
import { registerHessian } from './hessian.js';
import { registerJacobian } from './jacobian.js';
import { registerLinear } from './linear.js';
import { registerNewton } from './newton.js';
import { registerPlotActivations } from './plot-activations.js';
import { registerPredict } from './predict.js';
import { registerTrain } from './train.js';

export type RegisterCommand = (program: Command) => void;

// One line per command module (keep sorted).
export const commands: RegisterCommand[] = [
  registerBackprop,
  registerCapacity,
  registerCompare,
  registerCritical,
  registerCurves,
  registerDescent,
  registerEvaluate,
  registerGrad,
  registerGraph,
  registerHessian,
  registerJacobian,
  registerLinear,
  registerNewton,
  registerPlotActivations,
  registerPredict,
  registerTrain,
];
