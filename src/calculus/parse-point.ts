// Reads points written `x=1,y=2` (values may be expressions such as 3/2 or sqrt(2)).

import { evaluateAt } from './evaluate-expression.js';
import { variablesOf } from './expression.js';
import { parseExpression } from './parse-expression.js';

/**
 * Parses `"x=1, y=-2.5, z=sqrt(2)"` into `{ x: 1, y: -2.5, z: 1.414… }`. Every value must be a
 * finite constant expression. The result has no prototype, so any identifier is a key.
 * @example parsePoint('x=3/2,y=3') // { x: 1.5, y: 3 }
 */
export function parsePoint(text: string): Record<string, number> {
  // a null-prototype record: `constructor`, `toString` and `__proto__` are plain names here
  const point: Record<string, number> = Object.create(null) as Record<string, number>;
  const pieces = text.split(/[,;]/).map((s) => s.trim()).filter((s) => s !== '');
  if (pieces.length === 0) throw new Error(`empty point '${text}' (write it as x=1,y=2)`);
  for (const piece of pieces) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+)$/.exec(piece);
    if (!m) throw new Error(`cannot read '${piece}' in the point '${text}' (write it as x=1,y=2)`);
    const [, name, valueText] = m;
    const expr = parseExpression(valueText!);
    if (variablesOf(expr).length > 0) throw new Error(`the value of ${name} must be a number, got '${valueText}'`);
    const value = evaluateAt(expr, {});
    if (!Number.isFinite(value)) throw new Error(`the value of ${name} is not finite ('${valueText}')`);
    if (Object.hasOwn(point, name!)) throw new Error(`${name} is given twice in the point '${text}'`);
    point[name!] = value;
  }
  return point;
}
