// Renders a large chart 50 times, releasing the renderer's memory every 10, and prints the RSS growth (MB) after the first 10 (read by render.test.ts, in its own process so other tests' memory does not count).
import { releaseRendererMemory, renderSvg, svgToPng } from '../../src/plot/render.js';
import { learningCurveSpecs } from '../../src/plot/line-chart.js';

// a learning-curve chart: about 1,600×1,000 pixels at scale 4, 6 MB of pixels per render
const records = Array.from({ length: 30 }, (_, i) => ({ epoch: i + 1, trainLoss: 1 / (i + 1), trainAccuracy: 0.9, valLoss: 1, valAccuracy: 0.9, lr: 0.1, seconds: 1 }));
const svg = await renderSvg(learningCurveSpecs(records).loss);
const cycle = async () => {
  for (let i = 0; i < 10; i++) svgToPng(svg, { scale: 4 });
  releaseRendererMemory();
  await new Promise((r) => setImmediate(r)); // the renderer's finalizers run after the collection
};
await cycle();
const after1 = process.memoryUsage().rss;
for (let c = 0; c < 4; c++) await cycle();
console.log(JSON.stringify({ growthMB: (process.memoryUsage().rss - after1) / 1e6 }));
