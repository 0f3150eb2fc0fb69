// The MNIST page: the recipe form, the training worker's progress, table and charts, the drawing canvas and model files.

import { encodeSafetensors } from '../../../src/io/safetensors.js';
import { activationNames } from '../../../src/nn/activations.js';
import { parseSchedule } from '../../../src/optim/schedules.js';
import { compareRunsSpec, learningCurveSpecs } from '../../../src/plot/line-chart.js';
import { modelMetadata } from '../../../src/train/checkpoint.js';
import { defaultConfig, optimizerNames, type TrainConfig } from '../../../src/train/config.js';
import type { EpochRecord } from '../../../src/train/history.js';
import { loadModelBytes } from '../../../src/train/model-bytes.js';
import { predictProbabilities, type LoadedModel } from '../../../src/train/model-file.js';
import type { TensorData } from '../../../src/core/tensor-data.js';
import type { Split } from '../../../src/data/dataset.js';
import { drawChart } from '../chart.js';
import { fetchMnistSplit } from '../mnist-data.js';
import { digitPixels } from './digit-image.js';
import type { FromWorker, ToWorker } from './protocol.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const input = (id: string) => $<HTMLInputElement>(id).value;

const mnistBase = new URL('mnist/', document.baseURI).href;

// ---------------------------------------------------------------- the recipe, checked as the CLI checks its flags

function numberField(what: string, text: string, ok: (v: number) => boolean, rule: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v) || !ok(v)) throw new Error(`${what} must be ${rule}, got "${text}"`);
  return v;
}
const positiveInt = (what: string, text: string) => numberField(what, text, (v) => Number.isInteger(v) && v > 0, 'a positive integer');

function hiddenWidths(text: string): number[] {
  if (text.trim() === '' || text.trim() === 'none') return [];
  return text.split(',').map((part) => {
    const v = Number(part.trim());
    if (!Number.isInteger(v) || v <= 0 || v > 4096) throw new Error(`hidden widths must be comma-separated integers in [1, 4096], got "${text}"`);
    return v;
  });
}

/** The form as a TrainConfig (the CLI's defaults for everything the form does not show). */
function recipe(): TrainConfig {
  const valSize = numberField('validation images', input('val-size'), (v) => Number.isInteger(v) && v >= 1 && v < 60000, 'an integer in [1, 60000)');
  const trainSize = numberField('training images', input('train-size'), (v) => Number.isInteger(v) && v >= 1 && v <= 60000 - valSize, `an integer in [1, ${60000 - valSize}] (60,000 minus the validation images)`);
  const optimizer = input('optimizer') as TrainConfig['optimizer'];
  const lr = numberField('learning rate', input('lr'), (v) => v > 0, 'a number > 0');
  const schedule = input('schedule').trim();
  parseSchedule(schedule, lr, 1); // throws the CLI's message for a schedule it cannot read
  return {
    ...defaultConfig,
    impl: input('impl') as TrainConfig['impl'],
    hidden: hiddenWidths(input('hidden')),
    activation: input('activation') as TrainConfig['activation'],
    optimizer,
    lr,
    schedule,
    momentum: numberField('momentum', input('momentum'), (v) => v >= 0 && v < 1, 'a number in [0, 1)'),
    batchSize: numberField('batch size', input('batch'), (v) => Number.isInteger(v) && v >= 1 && v <= 60000, 'an integer in [1, 60000]'),
    epochs: numberField('epochs', input('epochs'), (v) => Number.isInteger(v) && v >= 1 && v <= 1000, 'an integer in [1, 1000]'),
    trainSize,
    valSize,
  };
}

// ---------------------------------------------------------------- training in the worker

interface Run {
  label: string;
  history: EpochRecord[];
}
const runs: Run[] = [];
let worker: Worker | null = null;
let current: { run: Run; config: TrainConfig } | null = null;
let paused = false;

function setRunning(running: boolean): void {
  $<HTMLButtonElement>('train').disabled = running;
  $<HTMLButtonElement>('pause').disabled = !running;
  $<HTMLButtonElement>('stop').disabled = !running;
  $('pause').textContent = 'Pause';
  paused = false;
}

function send(message: ToWorker): void {
  worker?.postMessage(message);
}

function showError(id: string, error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  $(id).textContent = message.split('\n')[0];
}

function startTraining(): void {
  $('error').textContent = '';
  let config: TrainConfig;
  try {
    config = recipe();
  } catch (error) {
    showError('error', error);
    return;
  }
  worker?.terminate();
  worker = new Worker(new URL('./train-worker.ts', import.meta.url), { type: 'module' });
  const widths = [config.input, ...config.hidden, config.output].join('-');
  const run: Run = { label: `${runs.length + 1}: ${config.impl} ${widths} ${config.optimizer} lr ${config.lr}`, history: [] };
  runs.push(run);
  current = { run, config };
  $('test-accuracy').textContent = '';
  setRunning(true);
  $('status').textContent = 'starting the worker…';
  worker.onmessage = (event: MessageEvent<FromWorker>) => onWorkerMessage(event.data);
  worker.onerror = (event) => {
    showError('error', event.message || 'the training worker failed to start');
    setRunning(false);
  };
  send({ type: 'train', config, mnistBase });
}

function onWorkerMessage(message: FromWorker): void {
  if (current === null) return;
  const { run, config } = current;
  switch (message.type) {
    case 'status':
      $('status').textContent = message.text;
      break;
    case 'backend':
      $('backend').textContent = message.flavour.startsWith('tfjs') ? `backend: TensorFlow.js (${message.flavour}), in a Web Worker` : `backend: wasm (${message.flavour}), in a Web Worker`;
      $('backend').dataset.flavour = message.flavour;
      break;
    case 'epochStart':
      $('status').textContent = `epoch ${message.epoch}/${message.epochs}`;
      break;
    case 'batch': {
      const progress = $<HTMLProgressElement>('progress');
      progress.max = message.batches;
      progress.value = message.batch;
      $('progress-text').textContent = `epoch ${message.epoch}, batch ${message.batch}/${message.batches}, loss ${message.loss.toFixed(4)}`;
      break;
    }
    case 'epochEnd':
      run.history.push(message.record);
      addEpochRow(run.label, message.record);
      void drawCurves(run);
      useWeights(message.weights, config, `trained here: ${run.label}, epoch ${message.record.epoch}`);
      break;
    case 'done': {
      setRunning(false);
      const test = message.history.testAccuracy;
      $('status').textContent = message.interrupted ? `stopped after ${run.history.length} epoch(s)` : `done: ${run.history.length} epoch(s)`;
      $('test-accuracy').textContent = test === null ? '' : `test accuracy (10,000 images): ${(100 * test).toFixed(2)}%`;
      $('test-accuracy').dataset.value = test === null ? '' : String(test);
      if (!message.interrupted) useWeights(message.weights, config, `trained here: ${run.label}`);
      void drawComparison();
      break;
    }
    case 'error':
      showError('error', new Error(message.message));
      $('status').textContent = 'the run failed';
      setRunning(false);
      break;
  }
}

const pct = (v: number) => `${(100 * v).toFixed(2)}%`;

function addEpochRow(label: string, r: EpochRecord): void {
  const row = document.createElement('tr');
  row.dataset.seconds = String(r.seconds);
  const cells = [label, String(r.epoch), r.trainLoss.toFixed(4), pct(r.trainAccuracy), r.valLoss.toFixed(4), pct(r.valAccuracy), String(Number(r.lr.toPrecision(4))), r.seconds.toFixed(1)];
  cells.forEach((text, i) => {
    const cell = document.createElement('td');
    cell.textContent = text;
    if (i === 0) cell.className = 'left';
    row.append(cell);
  });
  $('epochs-table').querySelector('tbody')!.append(row);
}

async function drawCurves(run: Run): Promise<void> {
  const specs = learningCurveSpecs(run.history, { title: run.label });
  await drawChart($('chart-accuracy'), specs.accuracy);
  await drawChart($('chart-loss'), specs.loss);
}

async function drawComparison(): Promise<void> {
  const finished = runs.filter((r) => r.history.length > 0);
  if (finished.length < 2) return;
  await drawChart($('chart-compare'), compareRunsSpec(finished, 'accuracy', { title: 'Runs compared: accuracy' }));
}

// ---------------------------------------------------------------- the model: from the worker or a file, saved in nabla train's format

let model: LoadedModel | null = null;
let modelBytes: Uint8Array | null = null;

function weightsBytes(weights: Record<string, TensorData>, config: TrainConfig): Uint8Array {
  const arrays = Object.fromEntries(Object.entries(weights).map(([name, t]) => [name, { dtype: t.dtype as 'float32', shape: [...t.shape], data: t.data as Float32Array }]));
  return encodeSafetensors(arrays, modelMetadata(config, config.impl));
}

function useWeights(weights: Record<string, TensorData>, config: TrainConfig, source: string): void {
  useModelBytes(weightsBytes(weights, config), 'model.safetensors', source);
}

function useModelBytes(bytes: Uint8Array, name: string, source: string): void {
  const loaded = loadModelBytes(bytes, name);
  const a = loaded.architecture;
  const widths = [a.input, ...a.hidden, a.output].join('-');
  if (a.input !== 784 || a.output !== 10) {
    throw new Error(`${name}: the model is ${widths}; this page needs 784 inputs (28×28 pixels) and 10 classes`);
  }
  model = loaded;
  modelBytes = bytes;
  $('model-status').textContent = `model: ${widths} ${a.activation} (${source})`;
  $<HTMLButtonElement>('save').disabled = false;
  predictDrawing();
  void showStrip(source);
}

async function openModelFile(file: File): Promise<void> {
  $('model-error').textContent = '';
  try {
    if (file.size > 1_000_000_000) throw new Error(`${file.name}: the file is ${file.size.toLocaleString('en-US')} bytes, more than the limit of 1,000,000,000 bytes`);
    useModelBytes(new Uint8Array(await file.arrayBuffer()), file.name, `loaded from ${file.name}`);
  } catch (error) {
    showError('model-error', error);
  }
}

function saveModel(): void {
  if (modelBytes === null) return;
  const url = URL.createObjectURL(new Blob([modelBytes as BlobPart], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'model.safetensors';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// ---------------------------------------------------------------- drawing

const canvas = $<HTMLCanvasElement>('draw');
const pen = canvas.getContext('2d', { willReadFrequently: true })!;

function clearCanvas(): void {
  pen.fillStyle = 'black';
  pen.fillRect(0, 0, canvas.width, canvas.height);
  showProbabilities(null);
}

/** The ink as coverage in [0, 1], read from the red channel. */
function ink(): Float32Array {
  const { data } = pen.getImageData(0, 0, canvas.width, canvas.height);
  const alpha = new Float32Array(canvas.width * canvas.height);
  for (let i = 0; i < alpha.length; i++) alpha[i] = data[4 * i] / 255;
  return alpha;
}

function predictDrawing(): void {
  if (model === null) return;
  const pixels = digitPixels(ink(), canvas.width, canvas.height);
  showProbabilities(pixels === null ? null : predictProbabilities(model, pixels, 1));
}

function showProbabilities(p: Float32Array | null): void {
  const bars = $('probabilities');
  bars.innerHTML = '';
  const best = p === null ? -1 : p.indexOf(Math.max(...p));
  for (let digit = 0; digit < 10; digit++) {
    const value = p === null ? 0 : p[digit];
    const label = document.createElement('span');
    label.textContent = String(digit);
    const track = document.createElement('div');
    const bar = document.createElement('div');
    bar.className = digit === best ? 'bar top' : 'bar';
    bar.style.width = `${(100 * value).toFixed(1)}%`;
    track.append(bar);
    const text = document.createElement('span');
    text.className = 'probability';
    text.dataset.value = String(value);
    text.textContent = p === null ? '–' : `${(100 * value).toFixed(1)}%`;
    bars.append(label, track, text);
  }
  bars.dataset.ready = p === null ? 'false' : 'true';
}

let drawing = false;
let last: [number, number] | null = null;

function point(event: PointerEvent): [number, number] {
  const box = canvas.getBoundingClientRect();
  return [((event.clientX - box.left) * canvas.width) / box.width, ((event.clientY - box.top) * canvas.height) / box.height];
}

canvas.addEventListener('pointerdown', (event) => {
  drawing = true;
  last = point(event);
  canvas.setPointerCapture?.(event.pointerId);
});
canvas.addEventListener('pointermove', (event) => {
  if (!drawing || last === null) return;
  const next = point(event);
  pen.strokeStyle = 'white';
  pen.lineWidth = 20;
  pen.lineCap = 'round';
  pen.lineJoin = 'round';
  pen.beginPath();
  pen.moveTo(...last);
  pen.lineTo(...next);
  pen.stroke();
  last = next;
  predictDrawing();
});
const endStroke = () => {
  drawing = false;
  last = null;
  predictDrawing();
};
canvas.addEventListener('pointerup', endStroke);
canvas.addEventListener('pointerleave', endStroke);

// ---------------------------------------------------------------- the strip of test digits

let testSplit: Promise<Split> | null = null;
const stripSize = 24;

async function showStrip(source: string): Promise<void> {
  if (model === null) return;
  const shown = model;
  testSplit ??= fetchMnistSplit(mnistBase, 'test');
  const test = await testSplit;
  if (model !== shown) return; // a newer model is being shown
  const p = predictProbabilities(shown, test.images.subarray(0, stripSize * 784), stripSize);
  const strip = $('strip');
  strip.innerHTML = '';
  for (let i = 0; i < stripSize; i++) {
    const row = p.subarray(10 * i, 10 * i + 10);
    const guess = row.indexOf(Math.max(...row));
    const figure = document.createElement('figure');
    const picture = document.createElement('canvas');
    picture.width = 28;
    picture.height = 28;
    picture.style.width = '42px';
    picture.style.imageRendering = 'pixelated';
    const image = picture.getContext('2d')!.createImageData(28, 28);
    for (let k = 0; k < 784; k++) {
      const v = Math.round(255 * test.images[i * 784 + k]);
      image.data.set([v, v, v, 255], 4 * k);
    }
    picture.getContext('2d')!.putImageData(image, 0, 0);
    const caption = document.createElement('figcaption');
    const wrong = guess !== test.labels[i];
    caption.textContent = wrong ? `${guess} (is ${test.labels[i]})` : String(guess);
    if (wrong) figure.className = 'wrong';
    figure.dataset.guess = String(guess);
    figure.dataset.probabilities = JSON.stringify(Array.from(row));
    figure.append(picture, caption);
    strip.append(figure);
  }
  strip.dataset.model = source;
}

// ---------------------------------------------------------------- wiring

function fillSelect(id: string, names: readonly string[], chosen: string): void {
  const select = $<HTMLSelectElement>(id);
  select.innerHTML = '';
  for (const name of names) select.add(new Option(name, name, name === chosen, name === chosen));
}
fillSelect('activation', activationNames, defaultConfig.activation);
fillSelect('optimizer', optimizerNames, defaultConfig.optimizer);

$('train').addEventListener('click', startTraining);
$('pause').addEventListener('click', () => {
  paused = !paused;
  send({ type: paused ? 'pause' : 'resume' });
  $('pause').textContent = paused ? 'Resume' : 'Pause';
  $('status').textContent = paused ? 'paused' : 'resumed';
});
$('stop').addEventListener('click', () => send({ type: 'stop' }));
$('clear').addEventListener('click', clearCanvas);
$('save').addEventListener('click', saveModel);
$<HTMLInputElement>('model-file').addEventListener('change', (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file) void openModelFile(file);
});
const drop = $('drop');
drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  const file = event.dataTransfer?.files[0];
  if (file) void openModelFile(file);
});
clearCanvas();
