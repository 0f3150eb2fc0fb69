// nabla: tensors, reverse-mode autodiff that differentiates its own gradients, and the layers above.

import { installNodeWasmLoader } from './backend/wasm/node-loader.js';

export type { DType, FloatDType, TypedArray } from './core/dtype.js';
export type { Shape } from './core/shape.js';
export type { Prim, PrimParams } from './core/primitives.js';
export type { TensorData } from './core/tensor-data.js';
export type { Backend, KernelTable } from './backend/backend.js';
export { getBackend, setBackend } from './backend/registry.js';
export { referenceBackend } from './backend/reference/index.js';
export * from './tensor/index.js';
export * from './ops/index.js';
export * from './autodiff/index.js';
export * from './nn/index.js';
export * from './optim/index.js';
export { loadMnist, defaultMnistDir, type Mnist, type LoadMnistOptions } from './data/mnist.js';
export { parseIdx, readIdx, writeIdx, encodeIdx, type Idx } from './data/idx.js';
export { batchCount, batches, shuffledIndices, splitValidation, subset, type Batch, type Split } from './data/dataset.js';
export { decodeSafetensors, encodeSafetensors, loadSafetensors, saveSafetensors } from './io/safetensors.js';
export { defaultConfig, type TrainConfig } from './train/config.js';
export { fit, evaluateSplit, DivergedError, type FitOptions, type FitResult, type TrainEvent } from './train/fit.js';
export type { EpochRecord, RunHistory } from './train/history.js';
export type { Learner, BatchResult } from './train/learner.js';
export { AutogradLearner } from './mnist/autograd.js';
export * from './calculus/index.js';
export * from './plot/index.js';
export * from './labs/index.js';
export {
  selectBackend, simdSupported, wasmBackend, backendNames, loadWasmKernels, setWasmBytesLoader,
  type BackendName, type WasmBytesLoader, type WasmModuleName,
} from './backend/select.js';
export { installNodeWasmLoader, nodeWasmBytesLoader } from './backend/wasm/node-loader.js';
export { band, bestPoint, curveKinds, earlyStopping, interpolationThreshold, logSpaced } from './labs/curves.js';
export type { Band, CurveAxis, CurveBudget, CurveKind, CurveMarks, CurvePoint, CurveResult, CurveSpec, PointResult } from './labs/curves.js';
export { curveDefaults, checkCurveSpec, curveLimits } from './labs/curves-spec.js';
export { openCurveStore, memoryCurveStore, pointKey, type CurveStore } from './labs/curves-store.js';
export { runSweep, summarise, sweepTasks, type SweepEvent, type SweepOptions } from './labs/curves-sweep.js';
export { curveData, trainPoint, withLabelNoise, type CurveData, type PointTask } from './labs/curves-train.js';
export { curveChartSpec } from './labs/curves-chart.js';
export { curveCsv, writeCurveFiles } from './labs/curves-files.js';

// the package root is a Node entry: the wasm backend reads its bytes from the files beside it
installNodeWasmLoader();
