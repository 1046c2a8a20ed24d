/** Which Chromium the browser runs find: the overrides come first, the bundled build always works. */
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium } from '../src/chromium';

describe('findChromium', () => {
  const folder = mkdtempSync(join(tmpdir(), 'nn-chromium-'));
  const fake = join(folder, 'chromium');
  writeFileSync(fake, '#!/bin/sh\n');
  chmodSync(fake, 0o755);
  const bare = { PATH: '/nonexistent' };

  it('prefers the CHROMIUM environment variable', async () => {
    const found = await findChromium({ ...bare, CHROMIUM: fake, PATH: folder });
    expect(found).toEqual({ path: fake, source: 'the CHROMIUM environment variable' });
  });

  it('refuses a CHROMIUM that names no file, rather than falling back silently', async () => {
    await expect(findChromium({ ...bare, CHROMIUM: join(folder, 'missing') })).rejects.toThrow(/no such file/);
  });

  it('then a chromium on PATH', async () => {
    expect(await findChromium({ PATH: folder })).toEqual({ path: fake, source: 'chromium on PATH' });
  });

  it('else the build inside the @sparticuz/chromium dependency, unpacked on first use', async () => {
    const found = await findChromium(bare);
    expect(found.source).toBe('@sparticuz/chromium (dependency)');
    expect(existsSync(found.path)).toBe(true);
  });
});
