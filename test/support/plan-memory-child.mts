// Trains twelve learners one after another on the wasm backend, each dropped before the next; prints the wasm memory reserved after each (read by wasm-plan.test.ts).
const { installNodeWasmLoader } = await import('../../src/backend/wasm/node-loader.js');
installNodeWasmLoader();
const { setBackend } = await import('../../src/backend/registry.js');
const { wasmBackend } = await import('../../src/backend/select.js');
const { kernelArena } = await import('../../src/backend/wasm/module.js');
const { AutogradLearner } = await import('../../src/mnist/autograd.js');
const { defaultConfig } = await import('../../src/train/config.js');
setBackend(wasmBackend());
const images = new Float32Array(100 * 784).map((_, i) => (i % 7 === 0 ? 0.5 : 0));
const labels = Int32Array.from({ length: 100 }, (_, i) => i % 10);
const settle = async () => { for (let i = 0; i < 3; i++) { (globalThis as any).gc(); await new Promise((r) => setTimeout(r, 10)); } };
const sizes: number[] = [];
for (let n = 0; n < 12; n++) {
  const learner = new AutogradLearner({ ...defaultConfig }, {});
  for (const size of [64, 36]) learner.trainStep({ images, labels, size }, 0.1);
  learner.evaluate({ images, labels, size: 100 });
  await settle();
  sizes.push(kernelArena().reservedBytes());
}
console.log(JSON.stringify(sizes));
