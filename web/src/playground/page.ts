// The playground page: a small MLP (nabla's autograd learner) trained on 2-D data a few steps per frame, its decision region and hidden units redrawn as it learns.

import { batches, shuffledIndices, type Split } from '../../../src/data/dataset.js';
import { AutogradLearner } from '../../../src/mnist/autograd.js';
import { constructionWeights } from '../../../src/labs/capacity.js';
import { activationNames } from '../../../src/nn/activations.js';
import type { Sequential } from '../../../src/nn/layers.js';
import { noGrad } from '../../../src/ops/index.js';
import { lineChartSpec } from '../../../src/plot/line-chart.js';
import { Tensor } from '../../../src/tensor/tensor.js';
import { defaultConfig, type TrainConfig } from '../../../src/train/config.js';
import { drawChart } from '../chart.js';
import { useWasmBackend } from '../wasm-backend.js';
import { setUpLinearPanel } from './linear-panel.js';
import { datasetNames, datasetTitles, planeData, splitPlane, type DatasetName } from './datasets.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const value = (id: string) => $<HTMLInputElement>(id).value;

interface Preset {
  title: string;
  fields: Record<string, string>;
}

/** The course's small problems as starting points. */
const presets: Preset[] = [
  { title: 'xor · 4,4 tanh · SGD', fields: { dataset: 'xor', hidden: '4,4', activation: 'tanh', optimizer: 'sgd', lr: '0.1', batch: '10', noise: '0.05' } },
  { title: 'capacity: x₁·x₂ logistic data · 2 square units (g = z²)', fields: { dataset: 'product', hidden: '2', activation: 'square', optimizer: 'adam', lr: '0.05', batch: '20', noise: '0' } },
  { title: 'xor · 2 square units: the product network', fields: { dataset: 'xor', hidden: '2', activation: 'square', optimizer: 'adam', lr: '0.05', batch: '10', noise: '0.05' } },
  { title: 'logistic regression (no hidden layer) · two Gaussians', fields: { dataset: 'gaussians', hidden: 'none', activation: 'identity', optimizer: 'sgd', lr: '0.1', batch: '10', noise: '0.05' } },
  { title: 'circles · 8 relu', fields: { dataset: 'circles', hidden: '8', activation: 'relu', optimizer: 'adam', lr: '0.03', batch: '10', noise: '0.05' } },
  { title: 'spiral · 16,16 tanh · Adam', fields: { dataset: 'spiral', hidden: '16,16', activation: 'tanh', optimizer: 'adam', lr: '0.01', batch: '10', noise: '0' } },
];

function fillSelect(id: string, names: readonly string[], chosen: string): void {
  const select = $<HTMLSelectElement>(id);
  for (const name of names) select.add(new Option(name, name, name === chosen, name === chosen));
}

function numberField(what: string, text: string, ok: (v: number) => boolean, rule: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || !ok(v)) throw new Error(`${what} must be ${rule}, got "${text}"`);
  return v;
}

function hiddenWidths(text: string): number[] {
  if (text.trim() === '' || text.trim() === 'none') return [];
  return text.split(',').map((part) => {
    const v = Number(part.trim());
    if (!Number.isInteger(v) || v <= 0 || v > 64) throw new Error(`hidden widths must be comma-separated integers in [1, 64], got "${text}"`);
    return v;
  });
}

// ---------------------------------------------------------------- the state of a run

interface Run {
  learner: AutogradLearner;
  config: TrainConfig;
  train: Split;
  test: Split;
  epoch: number;
  losses: Array<{ epoch: number; loss: number; split: string }>;
}
let run: Run | null = null;
let running = false;

function build(): Run {
  const seed = numberField('seed', value('seed'), (v) => Number.isInteger(v) && v >= 0, 'an integer ≥ 0');
  const n = numberField('points', value('points'), (v) => Number.isInteger(v) && v >= 10 && v <= 5000, 'an integer in [10, 5000]');
  const noise = numberField('noise', value('noise'), (v) => v >= 0 && v <= 1, 'a number in [0, 1]');
  const share = numberField('train share', value('train-share'), (v) => v > 0 && v < 1, 'a number in (0, 1)');
  const config: TrainConfig = {
    ...defaultConfig,
    input: 2,
    output: 2,
    hidden: hiddenWidths(value('hidden')),
    activation: value('activation') as TrainConfig['activation'],
    optimizer: value('optimizer') as TrainConfig['optimizer'],
    lr: numberField('learning rate', value('lr'), (v) => v > 0 && v <= 10, 'a number in (0, 10]'),
    momentum: 0,
    batchSize: numberField('batch size', value('batch'), (v) => Number.isInteger(v) && v >= 1 && v <= 5000, 'an integer in [1, 5000]'),
    weightDecay: numberField('L2', value('l2'), (v) => v >= 0 && v <= 1, 'a number in [0, 1]'),
    seed,
  };
  const { train, test } = splitPlane(planeData(value('dataset') as DatasetName, n, noise, seed), share);
  return { learner: new AutogradLearner(config), config, train, test, epoch: 0, losses: [] };
}

async function evaluate(learner: AutogradLearner, split: Split): Promise<{ loss: number; accuracy: number }> {
  const r = await learner.evaluate({ images: split.images, labels: split.labels, size: split.count });
  return { loss: r.lossSum / split.count, accuracy: r.correct / split.count };
}

async function epoch(r: Run): Promise<void> {
  r.epoch++;
  for (const batch of batches(r.train, shuffledIndices(r.train.count, r.config.seed, r.epoch), r.config.batchSize)) {
    const result = await r.learner.trainStep(batch, r.config.lr);
    if (!Number.isFinite(result.lossSum)) {
      throw new Error(`the loss became ${result.lossSum} at epoch ${r.epoch} (lr ${r.config.lr}); try a lower learning rate, e.g. ${Number((r.config.lr / 10).toPrecision(2))}`);
    }
  }
}

// ---------------------------------------------------------------- drawing

const grid = 64;
const gridPoints = (() => {
  const xs = new Float32Array(2 * grid * grid);
  for (let i = 0; i < grid; i++) {
    for (let j = 0; j < grid; j++) {
      xs[2 * (i * grid + j)] = -2 + (4 * (j + 0.5)) / grid;
      xs[2 * (i * grid + j) + 1] = 2 - (4 * (i + 0.5)) / grid;
    }
  }
  return xs;
})();

/** Blue (0) through white to orange (1). */
function colour(p: number): [number, number, number] {
  const t = Math.max(0, Math.min(1, p));
  const blue = [33, 102, 172];
  const orange = [230, 120, 20];
  const mix = (c: number[]) => (t < 0.5 ? c.map((v) => v + (255 - v) * (t / 0.5)) : c.map((v) => 255 + (v - 255) * ((t - 0.5) / 0.5)));
  const c = t < 0.5 ? mix(blue) : mix(orange);
  return [c[0], c[1], c[2]];
}

function paint(canvas: HTMLCanvasElement, values: ArrayLike<number>, stride: number, offset: number, range: [number, number]): void {
  const pen = canvas.getContext('2d')!;
  const image = pen.createImageData(grid, grid);
  for (let k = 0; k < grid * grid; k++) {
    const [r, g, b] = colour((values[k * stride + offset] - range[0]) / (range[1] - range[0] || 1));
    image.data.set([r, g, b, 255], 4 * k);
  }
  const small = document.createElement('canvas');
  small.width = grid;
  small.height = grid;
  small.getContext('2d')!.putImageData(image, 0, 0);
  pen.imageSmoothingEnabled = true;
  pen.drawImage(small, 0, 0, canvas.width, canvas.height);
}

async function drawRegion(r: Run): Promise<void> {
  const canvas = $<HTMLCanvasElement>('region');
  const p = await r.learner.predict(gridPoints, grid * grid);
  paint(canvas, p, 2, 1, [0, 1]);
  const pen = canvas.getContext('2d')!;
  const toPixel = (x: number, y: number): [number, number] => [((x + 2) / 4) * canvas.width, ((2 - y) / 4) * canvas.height];
  for (const [split, ringed] of [[r.train, false], [r.test, true]] as const) {
    for (let i = 0; i < split.count; i++) {
      const [px, py] = toPixel(split.images[2 * i], split.images[2 * i + 1]);
      pen.beginPath();
      pen.arc(px, py, 3.6, 0, 2 * Math.PI);
      pen.fillStyle = split.labels[i] === 1 ? 'rgb(200, 90, 0)' : 'rgb(20, 70, 140)';
      pen.fill();
      pen.lineWidth = ringed ? 1 : 0.8;
      pen.strokeStyle = ringed ? 'black' : 'white';
      pen.stroke();
    }
  }
}

function drawUnits(r: Run): void {
  const units = $('units');
  const layers = (r.learner.model as Sequential).layers;
  if (r.config.hidden.length === 0) {
    units.textContent = 'no hidden layer';
    return;
  }
  const h = noGrad(() => layers[1].forward(layers[0].forward(Tensor.fromNode(gridPoints, [grid * grid, 2], 'float32', null))));
  const width = r.config.hidden[0];
  const data = h.data;
  if (units.childElementCount !== width) {
    units.innerHTML = '';
    for (let u = 0; u < width; u++) {
      const canvas = document.createElement('canvas');
      canvas.width = 72;
      canvas.height = 72;
      canvas.title = `unit ${u + 1}`;
      units.append(canvas);
    }
  }
  for (let u = 0; u < width; u++) {
    let [lo, hi] = [Infinity, -Infinity];
    for (let k = 0; k < grid * grid; k++) {
      lo = Math.min(lo, data[k * width + u]);
      hi = Math.max(hi, data[k * width + u]);
    }
    paint(units.children[u] as HTMLCanvasElement, data, width, u, [lo, hi]);
  }
}

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;

async function showStats(r: Run): Promise<void> {
  const [train, test] = [await evaluate(r.learner, r.train), await evaluate(r.learner, r.test)];
  $('epoch').textContent = String(r.epoch);
  $('train-loss').textContent = train.loss.toFixed(4);
  $('test-loss').textContent = test.loss.toFixed(4);
  $('train-accuracy').textContent = pct(train.accuracy);
  $('test-accuracy').textContent = pct(test.accuracy);
  $('test-accuracy').dataset.value = String(test.accuracy);
  r.losses.push({ epoch: r.epoch, loss: train.loss, split: 'train' }, { epoch: r.epoch, loss: test.loss, split: 'test' });
  // a long run keeps about 500 epochs on the chart: every other one is dropped when it holds 1,000
  if (r.losses.length >= 2000) r.losses = r.losses.filter((_, i) => i % 4 < 2);
}

let lastChart = 0;
async function redraw(r: Run, force = false): Promise<void> {
  await showStats(r);
  await drawRegion(r);
  drawUnits(r);
  if (force || performance.now() - lastChart > 1000) {
    lastChart = performance.now();
    await drawChart($('loss-chart'), lineChartSpec({
      title: 'Loss', x: { field: 'epoch', title: 'Epoch', integer: true }, y: { field: 'loss', title: 'Cross-entropy' },
      series: { field: 'split', title: 'Split' }, data: r.losses, width: 300, height: 160,
    }));
  }
}

// ---------------------------------------------------------------- the loop: a few epochs per frame, never more than ~12 ms of work

async function frame(): Promise<void> {
  if (!running || run === null) return;
  const r = run;
  try {
    const start = performance.now();
    do await epoch(r);
    while (performance.now() - start < 12);
    await redraw(r);
  } catch (error) {
    fail(error);
    return;
  }
  requestAnimationFrame(() => void frame());
}

function fail(error: unknown): void {
  running = false;
  $('run').textContent = 'Train';
  $('error').textContent = (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

async function reset(): Promise<void> {
  running = false;
  $('run').textContent = 'Train';
  $('error').textContent = '';
  $('dataset-title').textContent = datasetTitles[value('dataset') as DatasetName];
  try {
    run = build();
    await redraw(run, true);
  } catch (error) {
    run = null;
    fail(error);
  }
}

// ---------------------------------------------------------------- the capacity construction

/**
 * Loads the construction of the capacity problem (labs/capacity.ts) for the product data's model
 * β₀ = 0, β₁ = 4 into the 2-2-2 network: two classes with logits (0, s) give P(1) = σ(s), so the
 * second output row carries the construction's output weights and the first is zero.
 */
async function loadConstruction(): Promise<void> {
  await reset();
  if (run === null) return;
  const { hidden, activation } = run.config;
  if (hidden.length !== 1 || hidden[0] !== 2 || activation !== 'square') {
    fail(new Error(`the construction is a 2-2-1 network with g(z) = z²: set hidden widths 2 and activation square (now ${hidden.join(',') || 'none'} and ${activation})`));
    return;
  }
  const w = constructionWeights({ beta0: 0, beta1: 4 });
  const entry = (values: number[], shape: number[]) => ({ data: Float32Array.from(values), shape, dtype: 'float32' as const });
  await run.learner.loadWeights({
    '0.weight': entry(w.W1.flat(), [2, 2]),
    '0.bias': entry(w.b1, [2]),
    '2.weight': entry([0, 0, ...w.W2[0]], [2, 2]),
    '2.bias': entry([0, w.b2[0]], [2]),
  });
  await redraw(run, true);
}

// ---------------------------------------------------------------- wiring

fillSelect('dataset', datasetNames, 'xor');
fillSelect('activation', activationNames, 'tanh');
fillSelect('optimizer', ['sgd', 'adam', 'rmsprop'], 'sgd');
const presetSelect = $<HTMLSelectElement>('preset');
presets.forEach((p, i) => presetSelect.add(new Option(p.title, String(i))));
presetSelect.addEventListener('change', () => {
  for (const [id, text] of Object.entries(presets[Number(presetSelect.value)].fields)) ($(id) as HTMLInputElement | HTMLSelectElement).value = text;
  void reset();
});
for (const id of ['dataset', 'noise', 'points', 'train-share', 'hidden', 'activation', 'optimizer', 'lr', 'batch', 'l2', 'seed']) {
  $(id).addEventListener('change', () => void reset());
}
$('run').addEventListener('click', () => {
  if (run === null) return;
  running = !running;
  $('run').textContent = running ? 'Pause' : 'Train';
  if (running) requestAnimationFrame(() => void frame());
  else void redraw(run, true).catch(fail); // the chart is drawn at most once a second while running
});
$('reset').addEventListener('click', () => void reset());
$('construction').addEventListener('click', () => void loadConstruction());
$('step').addEventListener('click', async () => {
  if (run === null || running) return;
  try {
    await epoch(run);
    await redraw(run, true);
  } catch (error) {
    fail(error);
  }
});

setUpLinearPanel();
await useWasmBackend();
for (const [id, text] of Object.entries(presets[0].fields)) ($(id) as HTMLInputElement | HTMLSelectElement).value = text;
await reset();
