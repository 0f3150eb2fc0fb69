// The bounds on work done for user input in the calculus workbench, in one place (the README's limits table lists them).

/**
 * Every limit the calculus code enforces. Expressions past `maxExpressionLength` or
 * `maxExpressionDepth` are refused before any work; a derivative past `maxSymbolicNodes` or
 * `maxSymbolicLength` is not shown (its value still is); a polynomial past `maxPolynomialTerms`
 * is not expanded; homotopy continuation tracks at most `defaultMaxPaths` paths unless raised.
 */
export const calculusLimits = {
  /** Characters in one expression (or one `;`-separated list of them). */
  maxExpressionLength: 10_000,
  /** Levels of nesting of the expression tree: parentheses, calls, unary minus, and one per term of a long sum or product. */
  maxExpressionDepth: 512,
  /** Nodes of an unsimplified derivative (counted as a tree) that the simplifier and printers take on. */
  maxSymbolicNodes: 20_000,
  /** Work units (term products, terms collected, characters of atom keys) the simplifier spends on one expression. */
  maxSimplifyWork: 2_000_000,
  /** Characters of a simplified derivative worth printing. */
  maxSymbolicLength: 2_000,
  /** Terms of a polynomial (and products of terms while multiplying) when expanding a power of a sum. */
  maxPolynomialTerms: 10_000,
  /** Nodes (operations and values) of a computational graph drawn by `nabla graph`. */
  maxGraphNodes: 2_000,
  /** Characters of a value node's label in a computational graph (longer expressions end in …). */
  maxGraphLabelLength: 40,
  /** Homotopy paths (the Bézout number) tracked by default; `maxPaths` / `--max-paths` raises it. */
  defaultMaxPaths: 1_000,
} as const;
