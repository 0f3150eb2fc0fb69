// The named functions expressions may call: their arity and how to print them.

/** A function known to the parser: how many arguments it takes and its LaTeX form. */
export interface FunctionInfo {
  readonly arity: number;
  /** LaTeX operator name, e.g. `\sigma` or `\operatorname{relu}`. */
  readonly latex: string;
  /** Name in pretty (Unicode) output. */
  readonly pretty: string;
}

const op = (name: string): string => `\\operatorname{${name}}`;

export const functionCatalog: Readonly<Record<string, FunctionInfo>> = {
  exp: { arity: 1, latex: '\\exp', pretty: 'exp' },
  log: { arity: 1, latex: '\\log', pretty: 'log' },
  sqrt: { arity: 1, latex: '\\sqrt', pretty: '√' },
  abs: { arity: 1, latex: '', pretty: 'abs' },
  sin: { arity: 1, latex: '\\sin', pretty: 'sin' },
  cos: { arity: 1, latex: '\\cos', pretty: 'cos' },
  tanh: { arity: 1, latex: '\\tanh', pretty: 'tanh' },
  sigmoid: { arity: 1, latex: '\\sigma', pretty: 'σ' },
  erf: { arity: 1, latex: op('erf'), pretty: 'erf' },
  gelu: { arity: 1, latex: op('GELU'), pretty: 'gelu' },
  softplus: { arity: 1, latex: op('softplus'), pretty: 'softplus' },
  relu: { arity: 1, latex: op('ReLU'), pretty: 'relu' },
  min: { arity: 2, latex: '\\min', pretty: 'min' },
  max: { arity: 2, latex: '\\max', pretty: 'max' },
};

/** Other spellings accepted by the parser. */
export const functionAliases: Readonly<Record<string, string>> = { ln: 'log', σ: 'sigmoid', ReLU: 'relu', GELU: 'gelu' };

/** True when `name` is a function of the catalogue (own entries only: `constructor` is not one). */
export function isKnownFunction(name: string): boolean {
  return Object.hasOwn(functionCatalog, name);
}

/** `table[name]` for own entries only, so names such as `constructor` or `__proto__` find nothing. */
export function lookup<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}
