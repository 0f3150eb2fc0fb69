// The playground's linear-rules panel: the perceptron, Adaline and logistic rules of the small-network labs, their boundary redrawn epoch by epoch.

import { linearDataKinds, linearDataset, type LinearDataKind } from '../../../src/labs/linear-data.js';
import { linearRuleNames, maxLinearEpochs, trainLinearRule, type LabelledPoints, type LinearEpoch, type LinearRuleName } from '../../../src/labs/linear-rules.js';

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const field = (id: string) => $<HTMLInputElement>(id).value;

/** The plane shown: [−4, 4]², which holds the labs' datasets. */
const half = 4;

function draw(data: LabelledPoints, epoch: LinearEpoch | null): void {
  const canvas = $<HTMLCanvasElement>('linear-plane');
  const pen = canvas.getContext('2d')!;
  const px = (x: number) => ((x + half) / (2 * half)) * canvas.width;
  const py = (y: number) => ((half - y) / (2 * half)) * canvas.height;
  pen.fillStyle = 'white';
  pen.fillRect(0, 0, canvas.width, canvas.height);
  if (epoch !== null) {
    // shade the side the neuron calls +1: s = w·x + b > 0
    const image = pen.getImageData(0, 0, canvas.width, canvas.height);
    for (let j = 0; j < canvas.height; j++) {
      for (let i = 0; i < canvas.width; i++) {
        const x = -half + ((i + 0.5) / canvas.width) * 2 * half;
        const y = half - ((j + 0.5) / canvas.height) * 2 * half;
        const s = epoch.w[0] * x + epoch.w[1] * y + epoch.b;
        image.data.set(s > 0 ? [253, 224, 196, 255] : [208, 225, 242, 255], 4 * (j * canvas.width + i));
      }
    }
    pen.putImageData(image, 0, 0);
  }
  data.x.forEach(([x1, x2], i) => {
    pen.beginPath();
    pen.arc(px(x1), py(x2), 3.5, 0, 2 * Math.PI);
    pen.fillStyle = data.y[i] > 0 ? 'rgb(200, 90, 0)' : 'rgb(20, 70, 140)';
    pen.fill();
  });
}

function addRow(e: LinearEpoch): void {
  const row = document.createElement('tr');
  for (const text of [String(e.epoch), e.loss.toFixed(4), String(e.mistakes), e.w[0].toFixed(3), e.w[1].toFixed(3), e.b.toFixed(3)]) {
    const cell = document.createElement('td');
    cell.textContent = text;
    row.append(cell);
  }
  $('linear-history').querySelector('tbody')!.append(row);
}

let animation = 0;

/** Trains the chosen rule and replays its epochs, about ten a second. */
function run(): void {
  $('linear-error').textContent = '';
  const tbody = $('linear-history').querySelector('tbody')!;
  tbody.innerHTML = '';
  $('linear-summary').textContent = '';
  const token = ++animation;
  try {
    const lr = Number(field('linear-lr'));
    const epochs = Number(field('linear-epochs'));
    if (field('linear-lr').trim() === '' || !(lr > 0) || !Number.isFinite(lr)) throw new Error(`learning rate must be a positive number, got "${field('linear-lr')}"`);
    if (!Number.isInteger(epochs) || epochs < 1 || epochs > maxLinearEpochs) throw new Error(`epochs must be an integer from 1 to ${maxLinearEpochs}, got "${field('linear-epochs')}"`);
    const data = linearDataset(field('linear-data') as LinearDataKind);
    const rule = field('linear-rule') as LinearRuleName;
    const result = trainLinearRule(rule, data, { lr, epochs });
    draw(data, null);
    let k = 0;
    const step = () => {
      if (token !== animation) return; // a newer run replaced this one
      const e = result.history[k];
      draw(data, e);
      addRow(e);
      k++;
      if (k < result.history.length) setTimeout(step, 100);
      else {
        const how = result.diverged ? 'diverged (too large a learning rate)' : result.converged ? `converged: an epoch without a mistake` : `${result.history.length} epochs`;
        $('linear-summary').textContent = `${rule}: accuracy ${(100 * result.accuracy).toFixed(1)}%, ${how}`;
        $('linear-summary').dataset.accuracy = String(result.accuracy);
        $('linear-summary').dataset.epochs = String(result.history.length);
      }
    };
    step();
  } catch (error) {
    $('linear-error').textContent = (error as Error).message.split('\n')[0];
  }
}

/** Fills the panel's lists and wires its form. */
export function setUpLinearPanel(): void {
  for (const [id, names, chosen] of [['linear-rule', linearRuleNames, 'perceptron'], ['linear-data', linearDataKinds, 'separable']] as const) {
    const select = $<HTMLSelectElement>(id);
    for (const name of names) select.add(new Option(name, name, name === chosen, name === chosen));
  }
  $('linear-form').addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  draw(linearDataset('separable'), null);
}
