// Small-network labs: the capacity construction, the linear rules with their losses checked, and a backprop trace.

export {
  capacityActivations, capacityConstruction, capacityRegionSpec, constructionWeights, loadProductWeights, probabilityGrid, productData,
  productNetwork, productWeightsOf, trainCapacity,
  type CapacityFit, type CapacityTrainingOptions, type CapacityWeights, type Construction, type ProductData, type ProductModel,
} from './capacity.js';
export { decisionRegionSpec, type DecisionRegionOptions } from './decision-region-chart.js';
export {
  checkPoints, linearRuleNames, linearRules, maxLinearEpochs, trainLinearRule,
  type LabelledPoints, type LinearEpoch, type LinearRule, type LinearRuleName, type LinearTraining, type LinearTrainingOptions,
} from './linear-rules.js';
export { checkLoss, type LossCheck, type LossCounterexample } from './check-loss.js';
export { linearDataKinds, linearDataset, maxLinearPoints, parseLabelledCsv, type LinearDataKind } from './linear-data.js';
export { boundaryEpochs, boundarySpec, linearHistorySpec } from './linear-charts.js';
export {
  backpropLimits, backpropLosses, backpropTrace, lossGradientText, lossText,
  type BackpropLoss, type BackpropOptions, type BackpropTrace, type BackwardRow, type ForwardRow, type NamedParameters,
} from './backprop-trace.js';
export { writeChart } from './write-chart.js';
export { band, bestPoint, curveKinds, earlyStopping, interpolationThreshold, logSpaced } from './curves.js';
export type { Band, CurveAxis, CurveBudget, CurveKind, CurveMarks, CurvePoint, CurveResult, CurveSpec, PointResult } from './curves.js';
export { curveDefaults, checkCurveSpec, curveLimits } from './curves-spec.js';
export { openCurveStore, memoryCurveStore, pointKey, type CurveStore } from './curves-store.js';
export { runSweep, summarise, sweepTasks, type SweepEvent, type SweepOptions } from './curves-sweep.js';
export { curveData, trainPoint, withLabelNoise, type CurveData, type PointTask } from './curves-train.js';
export { curveChartSpec } from './curves-chart.js';
export { curveCsv, writeCurveFiles } from './curves-files.js';
