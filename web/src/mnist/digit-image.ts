// A drawn digit as the network's input: cropped to its ink, scaled into 20×20 and centred by mass in 28×28, as MNIST's digits were made.

/** Side of the network's input image. */
export const side = 28;

/**
 * The 784 pixels in [0, 1] (white ink on black) of the ink in `alpha` (a `width`×`height` array
 * of ink coverage in [0, 1]), or null when nothing is drawn. MNIST's recipe: the ink's bounding
 * box is scaled (aspect kept) to fit 20×20 by area averaging, then placed so its centre of mass
 * falls on the centre of the 28×28 image.
 */
export function digitPixels(alpha: Float32Array, width: number, height: number): Float32Array | null {
  let [x0, y0, x1, y1] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (alpha[y * width + x] > 0.05) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    }
  }
  if (x1 < 0) return null;
  const boxW = x1 - x0 + 1;
  const boxH = y1 - y0 + 1;
  const scale = 20 / Math.max(boxW, boxH);
  const w = Math.max(1, Math.round(boxW * scale));
  const h = Math.max(1, Math.round(boxH * scale));
  // area averaging: each small pixel is the mean of the source rectangle it covers
  const small = new Float32Array(w * h);
  const sx = boxW / w;
  const sy = boxH / h;
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      let sum = 0;
      let n = 0;
      for (let y = Math.floor(y0 + i * sy); y < Math.min(y1 + 1, Math.ceil(y0 + (i + 1) * sy)); y++) {
        for (let x = Math.floor(x0 + j * sx); x < Math.min(x1 + 1, Math.ceil(x0 + (j + 1) * sx)); x++) {
          sum += alpha[y * width + x];
          n++;
        }
      }
      small[i * w + j] = n > 0 ? sum / n : 0;
    }
  }
  let mass = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const v = small[i * w + j];
      mass += v;
      cx += v * j;
      cy += v * i;
    }
  }
  const ox = Math.round(side / 2 - (mass > 0 ? cx / mass : w / 2) - 0.5);
  const oy = Math.round(side / 2 - (mass > 0 ? cy / mass : h / 2) - 0.5);
  const out = new Float32Array(side * side);
  for (let i = 0; i < h; i++) {
    for (let j = 0; j < w; j++) {
      const y = i + oy;
      const x = j + ox;
      if (x >= 0 && x < side && y >= 0 && y < side) out[y * side + x] = Math.min(1, small[i * w + j]);
    }
  }
  return out;
}
