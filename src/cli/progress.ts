// Training progress for the terminal: a bar sized to the terminal on a TTY, one plain line per epoch otherwise.

import cliProgress from 'cli-progress';
import { formatEpoch } from '../train/history.js';
import type { TrainEvent } from '../train/fit.js';

/** Handles training events, and restores the terminal on close(). */
export interface ProgressReporter {
  handle(event: TrainEvent): void;
  /** Stops a live bar (showing the cursor and turning line wrap back on); later events print nothing. Idempotent. */
  close(): void;
}

interface BarPayload {
  epoch: number;
  epochs: number;
  loss: string;
  rate: string;
}

const full = '\u2588';
const empty = '\u2591';

/**
 * One bar line that fits `columns`: `epoch 3/10 [████░░░░] 45% | 420/938 | 812.3 batch/s | loss 0.2345 | ETA 1s`.
 * The bar takes the width left over; on a narrow terminal the rate, then the counts, then the ETA
 * are dropped before the bar shrinks below 10 characters, and the line is never longer than columns − 1
 * (writing the last column would wrap on some terminals).
 */
export function barLine(columns: number, value: number, total: number, etaSeconds: number, payload: BarPayload): string {
  const fraction = total > 0 ? Math.min(1, value / total) : 0;
  const eta = Number.isFinite(etaSeconds) ? `ETA ${formatDuration(etaSeconds)}` : 'ETA -';
  const optional = [`${value}/${total}`, `${payload.rate} batch/s`, `loss ${payload.loss}`, eta];
  const prefix = `epoch ${payload.epoch}/${payload.epochs} `;
  const percent = `${Math.round(fraction * 100)}%`;
  const limit = Math.max(1, columns - 1);
  // drop the least useful parts first until a bar of at least 10 fits
  for (const keep of [[0, 1, 2, 3], [0, 2, 3], [2, 3], [2], []]) {
    const suffix = [percent, ...keep.map((i) => optional[i])].join(' | ');
    const barWidth = limit - prefix.length - suffix.length - 3;
    if (barWidth >= 10 || keep.length === 0) {
      const width = Math.max(barWidth, 0);
      const filled = Math.round(fraction * width);
      return `${prefix}[${full.repeat(filled)}${empty.repeat(width - filled)}] ${suffix}`.slice(0, limit);
    }
  }
  return '';
}

function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** An event handler printing to `stream`: a live bar when it is a TTY, else a line per epoch. */
export function progressReporter(stream: NodeJS.WriteStream): ProgressReporter {
  const tty = stream.isTTY === true && !process.env.CI;
  const columns = () => (tty && stream.columns > 0 ? stream.columns : 80);
  let bar: cliProgress.SingleBar | null = null;
  let closed = false;
  let started = 0;
  const stopBar = () => {
    if (bar) {
      bar.stop();
      bar = null;
    }
  };
  return {
    handle(event) {
      if (closed) return;
      switch (event.type) {
        case 'epochStart':
          if (tty) {
            started = Date.now();
            bar = new cliProgress.SingleBar({
              stream,
              format: (_options, params, payload: BarPayload) => barLine(columns(), params.value, params.total, params.eta, payload),
              hideCursor: true,
              clearOnComplete: true,
              etaBuffer: 50,
            });
            bar.start(event.batches, 0, { epoch: event.epoch, epochs: event.epochs, loss: '-', rate: '-' } satisfies BarPayload);
          }
          break;
        case 'batch':
          if (bar) {
            const elapsed = (Date.now() - started) / 1000;
            bar.update(event.batch, { loss: event.loss.toFixed(4), rate: elapsed > 0 ? (event.batch / elapsed).toFixed(1) : '-' });
          }
          break;
        case 'epochEnd':
          stopBar();
          stream.write(formatEpoch(event.record, event.epochs, tty ? columns() - 1 : Infinity) + '\n');
          break;
        case 'earlyStop':
          stream.write(`early stopping at epoch ${event.epoch}: best ${event.monitor} ${event.best.toFixed(4)} at epoch ${event.bestEpoch} (weights restored)\n`);
          break;
      }
    },
    close() {
      closed = true;
      stopBar();
    },
  };
}
