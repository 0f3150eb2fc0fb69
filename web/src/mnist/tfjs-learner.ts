// The course network on TensorFlow.js in the browser: its wasm backend, with the .wasm files bundled by the site (no CDN).

import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { TfjsLearner } from '../../../src/mnist/tfjs.js';
import type { TrainConfig } from '../../../src/train/config.js';

/** Starts tfjs's wasm backend (its cpu backend if wasm cannot start) and builds the learner; the backend's name comes back too. */
export async function createBrowserTfjsLearner(config: TrainConfig): Promise<{ learner: TfjsLearner; backend: string }> {
  tf.env().set('PROD', true);
  setWasmPaths({ 'tfjs-backend-wasm.wasm': plainUrl, 'tfjs-backend-wasm-simd.wasm': simdUrl, 'tfjs-backend-wasm-threaded-simd.wasm': threadedUrl });
  let backend: 'wasm' | 'cpu' = 'wasm';
  if (!(await tf.setBackend('wasm').catch(() => false))) {
    backend = 'cpu';
    await tf.setBackend('cpu');
  }
  await tf.ready();
  return { learner: new TfjsLearner(config, backend), backend: `tfjs-${backend}` };
}
