import { InvalidOptionError } from '@nn/tensor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError, DataFormatError, Imputer, LabelEncoder, OneHotEncoder } from '../src/index';

const categories = fc.array(fc.constantFrom('a', 'b', 'Dream', '10', '3', 'é', ''), { minLength: 1, maxLength: 20 });

describe('OneHotEncoder', () => {
  it('learns the categories in a fixed order (numbers by value) and gives eₖ', () => {
    const e = OneHotEncoder.fit(['Dream', 'Biscoe', 'Dream', 'Torgersen']);
    expect(e.categories).toEqual(['Biscoe', 'Dream', 'Torgersen']);
    expect(e.transform(['Dream', 'Torgersen'])).toEqual([
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(OneHotEncoder.fit(['10', '3', '8', 'x']).categories).toEqual(['3', '8', '10', 'x']);
    expect(String(e)).toBe('OneHotEncoder(Biscoe, Dream, Torgersen)');
  });

  it('encodes an unknown category as zeros, or refuses it, by option', () => {
    expect(OneHotEncoder.fit(['a', 'b']).transform(['c'])).toEqual([[0, 0]]);
    expect(OneHotEncoder.fit(['a', 'b']).indexOf('c')).toBe(-1);
    expect(() => OneHotEncoder.fit(['a', 'b'], { unknown: 'error' }).transform(['a', 'c'])).toThrow(
      new DataError('OneHotEncoder.transform: values[1] is "c", expected one of a, b'),
    );
  });

  it('decodes the largest element of each vector: probabilities or scores', () => {
    const e = new OneHotEncoder(['x', 'y', 'z']);
    expect(
      e.inverseTransform([
        [0.1, 0.7, 0.2],
        [-3, -5, 2],
      ]),
    ).toEqual(['y', 'z']);
    expect(() => e.inverseTransform([[1, 0]])).toThrow(
      new DataError('OneHotEncoder.inverseTransform: vectors[0] is an array of length 2, expected 3 numbers'),
    );
  });

  it('inverseTransform ∘ transform = identity on the training values (property)', () => {
    fc.assert(
      fc.property(categories, (values) => {
        const e = OneHotEncoder.fit(values);
        const vectors = e.transform(values);
        for (const v of vectors) expect(v.reduce((a, x) => a + x, 0)).toBe(1);
        expect(e.inverseTransform(vectors)).toEqual(values);
      }),
    );
  });

  it('round-trips through JSON and checks it on the way in', () => {
    const e = OneHotEncoder.fit(['b', 'a'], { unknown: 'error' });
    const back = OneHotEncoder.fromJSON(JSON.parse(JSON.stringify(e)));
    expect(back.categories).toEqual(['a', 'b']);
    expect(back.unknown).toBe('error');
    const json = { type: 'OneHotEncoder', categories: ['a', 'b'], unknown: 'zeros' };
    expect(() => OneHotEncoder.fromJSON({ ...json, categories: ['a', 'a'] }, 'e')).toThrow(
      new DataFormatError('e.categories[1]', '"a" appears twice'),
    );
    expect(() => OneHotEncoder.fromJSON({ ...json, categories: [] }, 'e')).toThrow(
      new DataFormatError('e.categories', 'expected at least 1 string, got 0'),
    );
    expect(() => OneHotEncoder.fromJSON({ ...json, categories: ['a', 2] }, 'e')).toThrow(
      new DataFormatError('e.categories[1]', 'expected a string, got 2'),
    );
    expect(() => OneHotEncoder.fromJSON({ ...json, unknown: 'skip' }, 'e')).toThrow(
      new DataFormatError('e.unknown', 'expected "zeros" or "error", got "skip"'),
    );
  });

  it('refuses values that are not strings and bad options', () => {
    expect(() => OneHotEncoder.fit(['a', null] as never)).toThrow(
      new DataError('OneHotEncoder.fit: values[1] is null, expected a category (a string)'),
    );
    expect(() => new OneHotEncoder(['a'], { unknown: 'skip' as never })).toThrow(InvalidOptionError);
    expect(() => new OneHotEncoder(['a', 'a'])).toThrow(InvalidOptionError);
  });
});

describe('LabelEncoder', () => {
  it('gives category k the number k, and rounds and clamps numbers back to categories', () => {
    const e = LabelEncoder.fit(['MALE', 'FEMALE', 'MALE']);
    expect(e.categories).toEqual(['FEMALE', 'MALE']);
    expect(e.transform(['MALE', 'FEMALE'])).toEqual([1, 0]);
    expect(e.inverseTransform([0.8, 0.2, -4, 7])).toEqual(['MALE', 'FEMALE', 'FEMALE', 'MALE']);
    expect(String(e)).toBe('LabelEncoder(FEMALE=0, MALE=1)');
  });

  it('refuses an unknown category, and a number that is not finite', () => {
    expect(() => LabelEncoder.fit(['a']).transform(['b'])).toThrow(
      new DataError('LabelEncoder.transform: values[0] is "b", expected one of a'),
    );
    expect(() => LabelEncoder.fit(['a']).inverseTransform([Number.NaN])).toThrow(
      /values\[0\] is NaN, expected a finite number/,
    );
  });

  it('inverseTransform ∘ transform = identity (property), and round-trips through JSON', () => {
    fc.assert(
      fc.property(categories, (values) => {
        const e = LabelEncoder.fit(values);
        expect(e.inverseTransform(e.transform(values))).toEqual(values);
        expect(LabelEncoder.fromJSON(JSON.parse(JSON.stringify(e))).categories).toEqual(e.categories);
      }),
    );
    expect(() => LabelEncoder.fromJSON({ type: 'LabelEncoder' }, 'l')).toThrow(
      new DataFormatError('l', 'missing field "categories"'),
    );
  });
});

describe('Imputer', () => {
  it('learns the mean, the median or the most frequent value from what is not missing', () => {
    const x = [1, null, 2, 10, null];
    expect(Imputer.fit(x, { strategy: 'mean' }).value).toBe(13 / 3);
    expect(Imputer.fit(x, { strategy: 'median' }).value).toBe(2);
    expect(Imputer.fit([4, 1, 3, 2], { strategy: 'median' }).value).toBe(2.5);
    expect(Imputer.fit(['b', 'a', null, 'b'], { strategy: 'mostFrequent' }).value).toBe('b');
    expect(Imputer.fit(['b', 'a'], { strategy: 'mostFrequent' }).value).toBe('a'); // a tie: the first in order
    expect(Imputer.fit([null], { strategy: 'constant', value: 'none' }).value).toBe('none');
  });

  it('fills missing values and leaves the others', () => {
    const imputer = Imputer.fit([1, null, 3], { strategy: 'mean' });
    expect(imputer.transform([null, 5, null])).toEqual([2, 5, 2]);
    expect(String(imputer)).toBe('Imputer(mean: 2)');
  });

  it('refuses what it cannot learn from', () => {
    expect(() => Imputer.fit([null, null], { strategy: 'mean' })).toThrow(
      new DataError('Imputer.fit: no values to learn the mean from (all 2 are missing)'),
    );
    expect(() => Imputer.fit(['a'], { strategy: 'median' })).toThrow(
      new DataError('Imputer.fit: the median needs numbers, got "a"'),
    );
    expect(() => Imputer.fit([1], { strategy: 'constant' })).toThrow(InvalidOptionError);
    expect(() => Imputer.fit([1], { strategy: 'mode' as never })).toThrow(
      /strategy must be one of mean, median, mostFrequent, constant, got "mode"/,
    );
  });

  it('round-trips through JSON and checks it on the way in', () => {
    const imputer = Imputer.fit(['x', 'y', 'x'], { strategy: 'mostFrequent' });
    expect(Imputer.fromJSON(JSON.parse(JSON.stringify(imputer)))).toEqual(imputer);
    expect(() => Imputer.fromJSON({ type: 'Imputer', strategy: 'mean', value: 'x' }, 'i')).toThrow(
      new DataFormatError('i.value', 'the mean is a number, got "x"'),
    );
    expect(() => Imputer.fromJSON({ type: 'Imputer', strategy: 'mean', value: null }, 'i')).toThrow(
      new DataFormatError('i.value', 'expected a finite number or a string, got null'),
    );
  });
});
