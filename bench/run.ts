// `npm run bench`: prints the benchmark tables. Figures are for comparison within one run only.

import { benchCritical, printCritical } from './critical.js';
import { benchMatmul, printMatmul } from './matmul.js';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const seconds = quick ? 0.2 : 1;
const wanted = (name: string) => only === undefined || only.includes(name);

console.log(`nabla benchmarks — node ${process.version}, ${new Date().toISOString()}${quick ? ' (quick)' : ''}`);
if (wanted('matmul')) {
  printMatmul(
    benchMatmul(
      [
        { label: '1024^3', m: 1024, k: 1024, n: 1024 },
        { label: 'MLP layer 1 fwd', m: 64, k: 784, n: 128, forms: ['NN', 'NT', 'TN'] },
      ],
      seconds,
    ),
  );
}
if (wanted('critical')) printCritical(benchCritical(seconds));
