// Training progress for the terminal: a bar with rate and ETA on a TTY, one plain line per epoch otherwise.

import cliProgress from 'cli-progress';
import { formatEpoch } from '../train/history.js';
import type { TrainEvent } from '../train/fit.js';

/** An event handler printing to `stream`: a live bar when it is a TTY, else a line per epoch. */
export function progressReporter(stream: NodeJS.WriteStream): (event: TrainEvent) => void {
  const tty = stream.isTTY === true && !process.env.CI;
  let bar: cliProgress.SingleBar | null = null;
  return (event) => {
    switch (event.type) {
      case 'epochStart':
        if (tty) {
          bar = new cliProgress.SingleBar(
            {
              stream,
              format: `epoch ${event.epoch}/${event.epochs} [{bar}] {percentage}% | {value}/{total} batches | {rate} batch/s | loss {loss} | ETA {eta_formatted}`,
              hideCursor: true,
              clearOnComplete: true,
              etaBuffer: 50,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(event.batches, 0, { loss: '-', rate: '-' });
        }
        break;
      case 'batch':
        if (bar) {
          const elapsed = (Date.now() - (bar as unknown as { startTime: number }).startTime) / 1000;
          bar.update(event.batch, { loss: event.loss.toFixed(4), rate: elapsed > 0 ? (event.batch / elapsed).toFixed(1) : '-' });
        }
        break;
      case 'epochEnd':
        if (bar) {
          bar.stop();
          bar = null;
        }
        stream.write(formatEpoch(event.record, event.epochs) + '\n');
        break;
      case 'earlyStop':
        stream.write(`early stopping at epoch ${event.epoch}: best ${event.monitor} ${event.best.toFixed(4)} at epoch ${event.bestEpoch} (weights restored)\n`);
        break;
    }
  };
}
