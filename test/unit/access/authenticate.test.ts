import type { Request, Response } from 'express';
import { describe, expect, it, vi } from 'vitest';
import {
  authenticate,
  requirePrincipal,
  WWW_AUTHENTICATE_CHALLENGE,
  WWW_AUTHENTICATE_INVALID_TOKEN,
} from '../../../src/access/authenticate.js';
import type { Principal } from '../../../src/access/principal.js';
import type { TokenVerifier } from '../../../src/access/token-verifier.js';
import { UnauthenticatedError, UnavailableError } from '../../../src/errors/app-errors.js';

const chair: Principal = { userId: 'demo-chair', role: 'chair', partnershipId: 'demo' };

function fakeVerifier(behaviour: (token: string) => Promise<Principal>): TokenVerifier & { verify: ReturnType<typeof vi.fn> } {
  return { keySource: 'development', keyDescription: 'fake', verify: vi.fn(behaviour) };
}

async function call(authorization: string | undefined, verifier: TokenVerifier, isActive?: (p: Principal) => Promise<boolean>) {
  const headers: Record<string, string> = {};
  const request = { get: (name: string) => (name.toLowerCase() === 'authorization' ? authorization : undefined) } as unknown as Request;
  const response = { setHeader: (name: string, value: string) => (headers[name] = value) } as unknown as Response;
  const outcome = await new Promise<unknown>((resolve) => {
    void authenticate(verifier, isActive ? { isActive } : {})(request, response, (error?: unknown) => resolve(error));
  });
  return { error: outcome, headers, principal: request.principal };
}

describe('authenticate', () => {
  const good = fakeVerifier(async (token) => {
    if (token === 'good.token.sig') return chair;
    throw new UnauthenticatedError('The access token is not valid.');
  });

  it('sets request.principal for a verified bearer token', async () => {
    const result = await call('Bearer good.token.sig', good);
    expect(result.error).toBeUndefined();
    expect(result.principal).toEqual(chair);
    expect(good.verify).toHaveBeenCalledWith('good.token.sig');
  });

  it.each(['bearer good.token.sig', 'BEARER good.token.sig', 'Bearer   good.token.sig ', 'Bearer good.token.sig'])(
    'accepts the scheme as %j',
    async (header) => {
      expect((await call(header, good)).principal).toEqual(chair);
    },
  );

  it('asks for credentials without an error code when none were sent (RFC 6750 3.1)', async () => {
    const result = await call(undefined, good);
    expect(result.error).toBeInstanceOf(UnauthenticatedError);
    expect(result.headers['WWW-Authenticate']).toBe(WWW_AUTHENTICATE_CHALLENGE);
  });

  it.each([
    ['empty header', ''],
    ['empty bearer', 'Bearer '],
    ['scheme only', 'Bearer'],
    ['basic auth', 'Basic dXNlcjpwYXNz'],
    ['two tokens', 'Bearer a.b.c d.e.f'],
    ['illegal characters', 'Bearer a.b.c;drop'],
    ['a refused token', 'Bearer bad.token.sig'],
    ['a huge header', `Bearer ${'a'.repeat(20_000)}`],
  ])('refuses %s with 401 and error="invalid_token"', async (_label, header) => {
    const result = await call(header, good);
    expect(result.error).toBeInstanceOf(UnauthenticatedError);
    expect(result.headers['WWW-Authenticate']).toBe(WWW_AUTHENTICATE_INVALID_TOKEN);
    expect(result.principal).toBeUndefined();
  });

  it('passes an unavailable identity provider on as 503, without a challenge', async () => {
    const down = fakeVerifier(async () => {
      throw new UnavailableError('down');
    });
    const result = await call('Bearer a.b.c', down);
    expect(result.error).toBeInstanceOf(UnavailableError);
    expect(result.headers['WWW-Authenticate']).toBeUndefined();
  });

  it('refuses a verified token whose user is no longer active', async () => {
    const result = await call('Bearer good.token.sig', good, async () => false);
    expect(result.error).toBeInstanceOf(UnauthenticatedError);
    expect(result.principal).toBeUndefined();
    expect((await call('Bearer good.token.sig', good, async () => true)).principal).toEqual(chair);
  });

  it('requirePrincipal fails closed', () => {
    expect(() => requirePrincipal({} as Request)).toThrow(UnauthenticatedError);
    expect(requirePrincipal({ principal: chair } as Request)).toBe(chair);
  });
});
