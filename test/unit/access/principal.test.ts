import { describe, expect, it } from 'vitest';
import { claimsFromPrincipal, PrincipalClaimsSchema, principalFromClaims } from '../../../src/access/principal.js';
import { PARTNERS, ROLES } from '../../../src/access/roles.js';
import { PARTNERS as WORKFLOW_PARTNERS, ROLES as WORKFLOW_ROLES } from '../../../workflows/roles.js';

describe('roles', () => {
  it('are the same lists the workflows use', () => {
    expect([...ROLES]).toEqual([...WORKFLOW_ROLES]);
    expect([...PARTNERS]).toEqual([...WORKFLOW_PARTNERS]);
  });
});

describe('PrincipalClaimsSchema', () => {
  const base = { sub: 'demo-chair', role: 'chair', partnership: 'demo' };

  it.each([
    ['chair', base],
    ['business-unit', { ...base, role: 'business-unit' }],
    ['reviewer', { ...base, role: 'reviewer' }],
    ['viewer', { ...base, role: 'viewer' }],
    ['admin', { ...base, role: 'admin' }],
    ['agency with org', { ...base, role: 'agency', org: 'demo-school-1' }],
    ['partner-lead with org and partner', { ...base, role: 'partner-lead', org: 'demo-police', partner: 'police' }],
    ['a name', { ...base, name: 'Alex Example' }],
    ['registered claims beside ours', { ...base, iss: 'x', aud: 'y', exp: 1, iat: 1, jti: 'j' }],
  ])('accepts %s', (_label, claims) => {
    expect(PrincipalClaimsSchema.safeParse(claims).success).toBe(true);
  });

  it.each([
    ['no sub', { role: 'chair', partnership: 'demo' }, 'sub'],
    ['empty sub', { ...base, sub: '' }, 'sub'],
    ['sub with a space', { ...base, sub: 'a b' }, 'sub'],
    ['no role', { sub: 'u', partnership: 'demo' }, 'role'],
    ['unknown role', { ...base, role: 'root' }, 'role'],
    ['the system role', { ...base, role: 'system' }, 'role'],
    ['no partnership', { sub: 'u', role: 'chair' }, 'partnership'],
    ['capital letters in partnership', { ...base, partnership: 'DEMO' }, 'partnership'],
    ['one-character partnership', { ...base, partnership: 'd' }, 'partnership'],
    ['41-character partnership', { ...base, partnership: 'a'.repeat(41) }, 'partnership'],
    ['operator object as partnership', { ...base, partnership: { $ne: null } }, 'partnership'],
    ['agency without org', { ...base, role: 'agency' }, 'org'],
    ['partner-lead without org', { ...base, role: 'partner-lead', partner: 'police' }, 'org'],
    ['partner-lead without partner', { ...base, role: 'partner-lead', org: 'demo-police' }, 'partner'],
    ['unknown partner', { ...base, role: 'partner-lead', org: 'demo-police', partner: 'fire' }, 'partner'],
    ['numeric role', { ...base, role: 1 }, 'role'],
  ])('refuses %s', (_label, claims, path) => {
    const parsed = PrincipalClaimsSchema.safeParse(claims);
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((issue) => issue.path.join('.'))).toContain(path);
  });

  it('maps claims to a principal and back', () => {
    const claims = PrincipalClaimsSchema.parse({
      sub: 'u1',
      role: 'partner-lead',
      partnership: 'demo',
      org: 'demo-police',
      partner: 'police',
      extra: 1,
    });
    const principal = principalFromClaims(claims);
    expect(principal).toEqual({
      userId: 'u1',
      role: 'partner-lead',
      partnershipId: 'demo',
      organisationId: 'demo-police',
      partner: 'police',
    });
    expect(claimsFromPrincipal(principal)).toEqual({
      sub: 'u1',
      role: 'partner-lead',
      partnership: 'demo',
      org: 'demo-police',
      partner: 'police',
    });
  });

  it('leaves unset optional members out of the principal', () => {
    expect(Object.keys(principalFromClaims(PrincipalClaimsSchema.parse(base)))).toEqual(['userId', 'role', 'partnershipId']);
  });
});
