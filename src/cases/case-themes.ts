/**
 * Case themes against the partnership's managed list (issue 16): when a partnership keeps a list,
 * a new case's themes come from it (matched whatever their capitals, and stored in the list's own
 * spelling), and anything else only as "other: …", so one theme is never counted under two names.
 * Pure.
 */
import type { FieldIssue } from '../errors/app-errors.js';

/** A theme outside the list: "other: " and a few words. */
const OTHER = /^other\s*:\s*\S/i;

/**
 * The themes in the list's spelling, or the issues that refuse them.
 * @example checkThemes(['Neglect', 'other: online gaming'], ['neglect']) //=> { themes: ['neglect', 'other: online gaming'], issues: [] }
 * @example checkThemes(['medical neglect'], ['neglect']).issues[0].code //=> 'theme-not-in-list'
 */
export function checkThemes(
  themes: readonly string[] | undefined,
  managed: readonly string[] | undefined,
): { themes: string[] | undefined; issues: FieldIssue[] } {
  if (!themes || !managed || managed.length === 0) return { themes: themes ? [...themes] : undefined, issues: [] };
  const byLower = new Map(managed.map((theme) => [theme.toLowerCase(), theme]));
  const issues: FieldIssue[] = [];
  const out = themes.map((theme, index) => {
    const listed = byLower.get(theme.trim().toLowerCase());
    if (listed) return listed;
    if (OTHER.test(theme)) return `other: ${theme.replace(/^other\s*:\s*/i, '').trim()}`;
    issues.push({
      path: `themes.${index}`,
      code: 'theme-not-in-list',
      message: `"${theme}" is not one of the partnership's themes; choose one of them, or write it as "other: …"`,
    });
    return theme;
  });
  return { themes: out, issues };
}
