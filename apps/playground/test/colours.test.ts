import { describe, expect, it } from 'vitest';
import { BLUE, blend, classColour, colour, GREEN, light, ORANGE, WHITE } from '../src/colours';

describe('colours', () => {
  it('a value runs orange (−1) → white (0) → blue (+1), clamped', () => {
    expect(colour(-1)).toEqual(ORANGE);
    expect(colour(0)).toEqual(WHITE);
    expect(colour(1)).toEqual(BLUE);
    expect(colour(5)).toEqual(BLUE);
    expect(colour(0.5)).toEqual([120, 177, 212]);
  });

  it('three classes blend by their probabilities; a sure class is its own colour', () => {
    expect(blend([1, 0, 0])).toEqual(ORANGE);
    expect(blend([0, 0, 1])).toEqual(GREEN);
    expect(blend([0.5, 0.5, 0])).toEqual([127, 133, 112]);
    expect(classColour(1)).toEqual(BLUE);
  });

  it('the background shade is 40 % of the way to white, far enough from the full colour to see a point', () => {
    expect(light(BLUE)).toEqual([107, 173, 215]);
    expect(light([255, 255, 255])).toEqual([255, 255, 255]);
  });
});
