import { describe, expect, it } from 'vitest';
import { depthOf, MAX_JSON_DEPTH } from '../../../src/http/json-body.js';

describe('depthOf', () => {
  it.each([
    [1, 0],
    ['x', 0],
    [null, 0],
    [{}, 1],
    [[], 1],
    [{ a: 1 }, 1],
    [{ a: { b: [1] } }, 3],
    [[[[]]], 3],
  ])('%j is %i deep', (value, depth) => {
    expect(depthOf(value)).toBe(depth);
  });

  it('stops counting soon after the limit, without recursion, on a hostile body 100,000 deep', () => {
    let value: unknown = 0;
    for (let i = 0; i < 100_000; i++) value = [value];
    expect(depthOf(value)).toBe(MAX_JSON_DEPTH + 1);
  });
});
