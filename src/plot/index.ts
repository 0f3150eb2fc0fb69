// The chart stack: data -> Vega-Lite spec -> SVG (vega, headless) -> PNG (resvg).

export type { TopLevelSpec } from 'vega-lite';
export { chartFormatOf, chartFormats, releaseRendererMemory, renderChart, renderSvg, svgToPng } from './render.js';
export type { ChartFormat, PngOptions } from './render.js';
export { compareRunsSpec, learningCurveSpecs, lineChartSpec, vegaLiteSchema } from './line-chart.js';
export type { AxisField, CurveMetric, EpochMetrics, LineChartOptions } from './line-chart.js';
export { activationCurveNames, activationGridSpec, functionPlotSpec } from './function-plot.js';
export type { ActivationPanel, Curve, FunctionPlotOptions } from './function-plot.js';
export { contourPlotSpec, isoLines, quantileLevels } from './contour-plot.js';
export type { ContourPlotOptions, PlanePoint } from './contour-plot.js';
