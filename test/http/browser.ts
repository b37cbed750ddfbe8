/**
 * The Chromium the browser tests drive: CHROMIUM_PATH when set, else the system's chromium (Debian's,
 * which .ci/run installs when apt can), else the build that `@sparticuz/chromium` carries in
 * node_modules (the npm registry alone is enough: a fresh machine's `npm install && npm test`).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const SYSTEM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
/** Without these, Chromium dials Google's hosts at start, which a closed network refuses. */
const QUIET = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
/** Made for AWS Lambda: one process (closing a page there ends the browser) and a browser with its guards off. */
const LAMBDA_ONLY = new Set(['--single-process', '--no-zygote', '--disable-web-security', '--allow-running-insecure-content']);

export interface BrowserChoice {
  executablePath: string;
  args: string[];
  source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
}

export async function chooseChromium(env: NodeJS.ProcessEnv = process.env): Promise<BrowserChoice> {
  if (env.CHROMIUM_PATH) {
    if (!existsSync(env.CHROMIUM_PATH))
      throw new Error(`CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist: unset it to use the system's chromium or @sparticuz/chromium`);
    return { executablePath: env.CHROMIUM_PATH, args: QUIET, source: 'CHROMIUM_PATH' };
  }
  const system = SYSTEM.find((path) => existsSync(path));
  if (system) return { executablePath: system, args: QUIET, source: 'system' };
  const { default: packaged } = await import('@sparticuz/chromium');
  return {
    executablePath: await packaged.executablePath(),
    args: [...new Set([...packaged.args.filter((a) => !LAMBDA_ONLY.has(a)), ...QUIET])],
    source: '@sparticuz/chromium',
  };
}

export async function launchChromium(env?: NodeJS.ProcessEnv): Promise<Browser> {
  const { executablePath, args } = await chooseChromium(env);
  return chromium.launch({ executablePath, args });
}
