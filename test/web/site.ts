// Support for the browser tests: the site built once into a temporary folder, served by a small static server, and Debian's Chromium driven by playwright-core.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const repoRoot = resolve(import.meta.dirname, '../..');

/** Where the tests leave their screenshots (git-ignored): tmp/web/. */
export const screenshotDir = join(repoRoot, 'tmp', 'web');

/** Chromium's path: NABLA_CHROMIUM, else Debian's package. A missing browser is an error, never a skip. */
export function chromiumPath(): string {
  const candidates = [process.env.NABLA_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (found === undefined) {
    throw new Error(`no Chromium found (looked at ${candidates.join(', ')}): install Debian's chromium package (apt-get install -y chromium) or set NABLA_CHROMIUM`);
  }
  return found;
}

/**
 * Builds the site (vite build with web/vite.config.ts) into a fresh temporary folder, in a child
 * process, so the bundler's memory never shows in the test process (other tests measure its RSS).
 */
export async function buildSite(): Promise<string> {
  const outDir = mkdtempSync(join(tmpdir(), 'nabla-web-'));
  const vite = join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [vite, 'build', '--config', join(repoRoot, 'web', 'vite.config.ts'), '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'];
  const result = await new Promise<{ code: number | null; stderr: string }>((done) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('close', (code) => done({ code, stderr }));
  });
  if (result.code !== 0) throw new Error(`vite build failed (exit ${result.code}): ${result.stderr.trim().split('\n')[0]}`);
  return outDir;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm',
  '.gz': 'application/gzip', '.svg': 'image/svg+xml', '.png': 'image/png',
};

/** Serves `dir` as any static host would (no compression, no rewriting); resolves to its base URL. */
export async function serveStatic(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = normalize(join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('static server: no port');
  return { url: `http://127.0.0.1:${address.port}/`, close: () => new Promise((done) => server.close(() => done())) };
}

/** Headless Chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** A page that records every console error and uncaught exception, in the page and in its workers. */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  page.on('worker', (w) => w.on('console', (m) => m.type() === 'error' && errors.push(`worker console: ${m.text()}`)));
  await page.goto(url);
  return { page, errors };
}

/** Saves a full-page screenshot as tmp/web/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Removes a folder made by buildSite. */
export function removeSite(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
