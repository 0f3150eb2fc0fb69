// Model files from bytes: what loadModelFile does once the file is read, for hosts without a file system (a browser's file picker).

import { decodeSafetensors } from '../io/safetensors.js';
import { defaultModelLimits, modelFromContents, type LoadedModel, type ModelLimits } from './model-file.js';

/**
 * Rebuilds a network from the bytes of a `model.safetensors` written by `nabla train`, with the
 * checks of {@link loadModelFile} (size, parameter count, every tensor's name, shape and dtype,
 * finite weights); `name` starts every one-line error, e.g. the picked file's name.
 * @example const { model } = loadModelBytes(new Uint8Array(await file.arrayBuffer()), file.name);
 */
export function loadModelBytes(bytes: Uint8Array, name: string, limits: Partial<ModelLimits> = {}): LoadedModel {
  const { maxParameters, maxBytes } = { ...defaultModelLimits, ...limits };
  const count = (n: number) => n.toLocaleString('en-US');
  if (bytes.length > maxBytes) throw new Error(`${name}: the file is ${count(bytes.length)} bytes, more than the limit of ${count(maxBytes)} bytes`);
  let contents: ReturnType<typeof decodeSafetensors>;
  try {
    contents = decodeSafetensors(bytes, name);
  } catch (error) {
    const message = (error as Error).message;
    throw new Error(`${name}: not a nabla model file (not valid safetensors: ${message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message})`);
  }
  return modelFromContents(contents, name, { maxParameters, maxBytes });
}
