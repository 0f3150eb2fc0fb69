// The list of CLI commands; each module exports a function that registers itself on the program.

import type { Command } from 'commander';

import { registerTrain } from './train.js';

export type RegisterCommand = (program: Command) => void;

// One line per command module (keep sorted).
export const commands: RegisterCommand[] = [
  registerTrain,
];
