import { describe, expect, it } from 'vitest';
import { checkThemes } from '../../../src/cases/case-themes.js';

describe('themes from the partnership’s managed list', () => {
  const managed = ['neglect', 'domestic abuse'];

  it('stores a listed theme in the list’s own spelling, and anything else only as "other: …"', () => {
    expect(checkThemes(['Neglect', ' DOMESTIC ABUSE', 'Other:online gaming'], managed)).toEqual({
      themes: ['neglect', 'domestic abuse', 'other: online gaming'],
      issues: [],
    });
  });

  it('refuses a variant that would split a theme ("medical neglect" beside "neglect")', () => {
    expect(checkThemes(['neglect', 'medical neglect'], managed).issues).toEqual([
      {
        path: 'themes.1',
        code: 'theme-not-in-list',
        message: '"medical neglect" is not one of the partnership\'s themes; choose one of them, or write it as "other: …"',
      },
    ]);
    expect(checkThemes(['other:'], managed).issues.map((i) => i.code)).toEqual(['theme-not-in-list']);
  });

  it('leaves themes as free text when the partnership keeps no list', () => {
    expect(checkThemes(['medical neglect'], undefined)).toEqual({ themes: ['medical neglect'], issues: [] });
    expect(checkThemes(undefined, managed)).toEqual({ themes: undefined, issues: [] });
  });
});
