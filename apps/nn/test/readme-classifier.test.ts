/**
 * The root README's two-class classifier (issue 16: "in no more lines than tfjs-layers needs",
 * 11) is test/fixtures/readme-classifier.ts, shown verbatim in the README and run here.
 */
import { readFileSync } from 'node:fs';
import { afterEach, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const source = readFileSync(new URL('./fixtures/readme-classifier.ts', import.meta.url), 'utf8');
const marker = '// --- the classifier ---\n';
const [data, classifier] = source.slice(source.indexOf('import')).split(marker) as [string, string];

afterEach(() => vi.restoreAllMocks());

it('the README shows the data and the classifier verbatim, and says how many lines the classifier takes', () => {
  expect(readme).toContain(`\`\`\`ts\n${data}\`\`\``);
  expect(readme).toContain(`\`\`\`ts\n${classifier}\`\`\``);
  const lines = classifier.trimEnd().split('\n').length;
  expect(lines).toBeLessThanOrEqual(11); // tfjs-layers' count in issue 16
  expect(readme).toContain(`${lines} lines`);
});

it('the classifier trains with a validation split and early stopping, and tells inside from outside the circle', async () => {
  const logged: unknown[][] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logged.push(args));
  await import('./fixtures/readme-classifier');
  const [[table], [valAccuracy, inside, outside]] = logged as [[string], [number, number[][], number[][]]];
  expect(table).toContain('Dense(2→8)');
  expect(table).toContain('Total parameters: 33'); // 2·8 + 8 + 8·1 + 1
  expect(valAccuracy).toBeGreaterThanOrEqual(0.9);
  expect(inside[0]?.[0]).toBeGreaterThan(0.9); // the centre
  expect(outside[0]?.[0]).toBeLessThan(0.1); // a corner
});
