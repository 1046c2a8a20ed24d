/**
 * Which Chromium the playground's browser tests and `pnpm bench --browser` drive, and how it is
 * started (import it as `@nn/cli-kit/chromium`, apart from the rest of the kit, which never loads
 * a browser). In order of preference:
 * 1. the `CHROMIUM` environment variable (a path to a Chromium or Chrome binary);
 * 2. a `chromium` on PATH (Debian's package, say);
 * 3. the Chromium build that ships inside the `@sparticuz/chromium` dev dependency, unpacked to
 *    the temp folder on first use — so `pnpm install` alone brings a browser, with no download.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

/** Flags for a headless run on a closed network (no background requests, no sandbox as root). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium binary to drive, and where it came from (for the log). */
export async function findChromium(env: NodeJS.ProcessEnv = process.env): Promise<{ path: string; source: string }> {
  const fromEnv = env.CHROMIUM?.trim();
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM=${fromEnv}: no such file`);
    return { path: fromEnv, source: 'the CHROMIUM environment variable' };
  }
  const onPath = which('chromium', env);
  if (onPath) return { path: onPath, source: 'chromium on PATH' };
  // @sparticuz/chromium's own `args` include --single-process, with which Chromium 143 closes the
  // page at once: only its binary is used, started with CHROMIUM_ARGS.
  const { default: sparticuz } = await import('@sparticuz/chromium');
  return { path: await sparticuz.executablePath(), source: '@sparticuz/chromium (dependency)' };
}

/** The first executable file named `command` in the folders of PATH, or ''. */
function which(command: string, env: NodeJS.ProcessEnv): string {
  for (const folder of (env.PATH ?? '').split(delimiter)) {
    const path = join(folder, command);
    try {
      accessSync(path, constants.X_OK);
      if (statSync(path).isFile()) return path;
    } catch {}
  }
  return '';
}

/** Starts the Chromium `findChromium` finds, headless; `source` says where it came from. */
export async function launchChromium(): Promise<{ browser: Browser; source: string }> {
  const { path, source } = await findChromium();
  const browser = await chromium.launch({ executablePath: path, args: CHROMIUM_ARGS });
  return { browser, source };
}
