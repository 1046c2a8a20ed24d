import { describe, expect, it } from 'vitest';
import { classes, generate, isRegression, parseCsv, POINTS, split } from '../src/dataset';
import { FEATURES } from '../src/features';
import { DATASETS } from '../src/state';

describe('datasets', () => {
  it.each(DATASETS)('%s: seeded, in the plane, labelled as its problem says', (dataset) => {
    const a = generate(dataset, 10, 7);
    expect(a).toEqual(generate(dataset, 10, 7));
    expect(a).not.toEqual(generate(dataset, 10, 8));
    expect(a.length).toBeGreaterThanOrEqual(POINTS - 1);
    const labels = new Set(a.map((p) => p.label));
    if (isRegression(dataset)) expect(a.every((p) => p.label >= -1 && p.label <= 1)).toBe(true);
    else if (classes(dataset) === 3) expect([...labels].sort()).toEqual([0, 1, 2]);
    else expect([...labels].sort()).toEqual([-1, 1]);
  });

  it('circle: the inner points are +1, the outer −1 (no noise)', () => {
    for (const p of generate('circle', 0, 1)) expect(p.label).toBe(Math.hypot(p.x1, p.x2) < 2.5 ? 1 : -1);
  });

  it('xor: the label is the sign of x1·x2 (no noise)', () => {
    for (const p of generate('xor', 0, 1)) expect(p.label).toBe(p.x1 * p.x2 >= 0 ? 1 : -1);
  });

  it('split by ratio', () => {
    const { train, test } = split(generate('gauss', 0, 1), 70);
    expect(train).toHaveLength(280);
    expect(test).toHaveLength(120);
  });
});

describe('features', () => {
  it('compute from (x1, x2)', () => {
    expect(FEATURES.x1Squared.f(3, 2)).toBe(9);
    expect(FEATURES.x1TimesX2.f(3, 2)).toBe(6);
    expect(FEATURES.sinX2.f(0, Math.PI / 2)).toBe(1);
  });
});

describe('your own data (CSV)', () => {
  it('maps any two labels to the classes, numbers by value and names alphabetically', () => {
    expect(parseCsv('x1,x2,label\n1,2,1\n-1, 0.5 ,-1\n', 'two')).toEqual({
      points: [
        { x1: 1, x2: 2, label: 1 },
        { x1: -1, x2: 0.5, label: -1 },
      ],
      classes: ['-1', '1'],
    });
    // 0/1 as the file's form suggests: 0 is class 0 (−1, orange), 1 is class 1 (+1, blue)
    expect(parseCsv('1,2,1\n3,4,0\n5,6,1.0\n', 'two').points.map((p) => p.label)).toEqual([1, -1, 1]);
    expect(parseCsv('1,2,10\n3,4,-3.2\n', 'two').points.map((p) => p.label)).toEqual([1, -1]);
    const names = parseCsv('1,2,dog\n3,4,cat\n', 'two');
    expect(names).toEqual({
      points: [
        { x1: 1, x2: 2, label: 1 },
        { x1: 3, x2: 4, label: -1 },
      ],
      classes: ['cat', 'dog'],
    });
    expect(parseCsv('0,0,b\n0,0,c\n0,0,a\n', 'three').points.map((p) => p.label)).toEqual([1, 2, 0]);
    expect(parseCsv('0,0,0.25\n0,0,-0.5\n', 'regression').points.map((p) => p.label)).toEqual([0.25, -0.5]);
    // what @nn/data's reader brings: quoted fields, other delimiters, a byte-order mark, line numbers
    expect(parseCsv('\uFEFFx;y;kind\n1;2;"big, blue"\n3;4;small\n', 'two').classes).toEqual(['big, blue', 'small']);
  });

  it('names the line and what was wrong', () => {
    expect(() => parseCsv('1,2,1\n3,4\n', 'two')).toThrow(
      'line 2: 2 fields, expected 3 like the 3 columns (x1, x2, label)',
    );
    expect(() => parseCsv('1,2,1\n3,abc,1\n', 'two')).toThrow("line 2: x2 'abc' is not a number");
    expect(() => parseCsv('1,2,0\n3,4,1\n5,6,0.5\n', 'two')).toThrow(
      "line 3: a third label '0.5' (this data has '0' and '1'",
    );
    expect(() => parseCsv('x1,x2,c\n1,2,0\n3,4,1\n5,6,2\n7,8,3\n', 'three')).toThrow("line 5: a fourth label '3'");
    expect(() => parseCsv('1,2,1\n3,4,1\n', 'two')).toThrow("every point has the label '1'");
    expect(() => parseCsv('1,2,1\n3,4,a\n', 'regression')).toThrow("line 2: label 'a' is not a number");
    expect(() => parseCsv('1,2,1\n', 'two')).toThrow('the file has fewer than 2 points');
    expect(() => parseCsv('a,b,c,d\n1,2,1,0\n', 'two')).toThrow('line 1: expected 3 columns x1,x2,label, got 4');
    expect(() => parseCsv('1,2,1\n3,4,"0\n', 'two')).toThrow('line 2: a quoted field is not closed');
  });
});
