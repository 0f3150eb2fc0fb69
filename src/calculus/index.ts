// The calculus toolkit: expressions, symbolic and autodiff derivatives, critical points, Newton's method, computational graphs.

export { ExpressionSyntaxError, ExpressionTooLongError, UnknownFunctionError, parseExpression, parseExpressionList } from './parse-expression.js';
export { calculusLimits } from './limits.js';
export type { Expr, BinaryOp, Condition, PiecewiseCase } from './expression.js';
export { expressionDepth, variablesOf } from './expression.js';
export { functionCatalog } from './function-catalog.js';
export { formatLatex, formatPretty, formatText } from './format-expression.js';
export { simplify, simplifiesEqual } from './simplify.js';
export { DerivativeTooLargeError, derivative, differentiate } from './differentiate.js';
export { symbolicDerivative, symbolicGradient, type SymbolicDerivative } from './symbolic-gradient.js';
export { evaluateAt, evaluateExpression } from './evaluate-expression.js';
export { derivativesAt, type DerivativesAtPoints } from './derivatives.js';
export { parseFunction, resolvePoint, type PointInput, type ScalarFunction } from './scalar-function.js';
export { parsePoint } from './parse-point.js';
export { gradientAt, hessianAt, jacobianAt, type GradientAtResult, type HessianAtResult, type JacobianAtResult } from './derivatives-at-point.js';
export { criticalPointType, definiteness, type CriticalPointType, type Definiteness } from './classify.js';
export { criticalPoints, exactCoordinates, type CriticalPoint, type CriticalPointsOptions, type CriticalPointsResult } from './critical-points.js';
export { checkCriticalPoints, parseClaims, type CheckedCriticalPoints, type ClaimCheck } from './check-claims.js';
export type { NonIsolatedSet } from './non-isolated.js';
export { newton, type NewtonOptions, type OptimizationResult, type TrajectoryStep } from './newton.js';
export { gradientDescent, type GradientDescentOptions } from './gradient-descent.js';
export { computationalGraph, graphToDot, type ComputationalGraph, type GraphEdge, type GraphNode } from './computational-graph.js';
export { PolynomialTooLargeError, polynomialFrom, degree, differentiatePolynomial, evaluatePolynomial, type Polynomial, type Monomial } from './polynomial.js';
export { TooManyPathsError, bezoutNumber, solvePolynomialSystem, type HomotopyResult, type PathEndpoint } from './homotopy-continuation.js';
export { luSolve, type Matrix } from './lu-solve.js';
export { symmetricEigen, type SymmetricEigen } from './symmetric-eigen.js';
export { formatNumber, recognizeExact, type ExactNumber } from './exact-number.js';
