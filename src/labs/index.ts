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
