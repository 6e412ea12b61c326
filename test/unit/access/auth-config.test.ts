import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.js';

describe('authentication configuration', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config.AUTH_ISSUER).toBe('safeguarding-review-engine-dev');
    expect(config.AUTH_AUDIENCE).toBe('safeguarding-review-engine');
    expect(config.AUTH_ALGORITHMS).toEqual(['ES256', 'RS256']);
    expect(config.AUTH_JWKS_URL).toBeUndefined();
    expect(config.AUTH_PUBLIC_KEY).toBeUndefined();
  });

  it('reads an algorithm list with spaces', () => {
    expect(loadConfig({ AUTH_ALGORITHMS: ' PS256 , ES384' }).AUTH_ALGORITHMS).toEqual(['PS256', 'ES384']);
  });

  it.each(['none', 'HS256', 'ES256,HS512', 'hs256', 'ES256,none', ','])('refuses AUTH_ALGORITHMS=%s and names the variable', (value) => {
    expect(() => loadConfig({ AUTH_ALGORITHMS: value })).toThrow(ConfigError);
    expect(() => loadConfig({ AUTH_ALGORITHMS: value })).toThrow(/AUTH_ALGORITHMS/);
  });

  it.each([
    ['https://idp.example/.well-known/jwks.json', true],
    ['http://127.0.0.1:8080/jwks', true],
    ['http://localhost/jwks', true],
    ['http://idp.example/jwks', false],
    ['file:///etc/passwd', false],
    ['not a url', false],
  ])('AUTH_JWKS_URL=%s accepted: %s', (value, ok) => {
    if (ok) expect(loadConfig({ AUTH_JWKS_URL: value }).AUTH_JWKS_URL).toBe(value);
    else expect(() => loadConfig({ AUTH_JWKS_URL: value })).toThrow(/AUTH_JWKS_URL/);
  });

  it('accepts a PEM public key, also written on one line with \\n escapes', () => {
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(loadConfig({ AUTH_PUBLIC_KEY: pem }).AUTH_PUBLIC_KEY).toBe(pem.trim());
    expect(loadConfig({ AUTH_PUBLIC_KEY: pem.trim().replace(/\n/g, '\\n') }).AUTH_PUBLIC_KEY).toBe(pem.trim());
  });

  it('refuses a private key or junk as AUTH_PUBLIC_KEY without echoing it', () => {
    const privatePem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    for (const value of [privatePem, 'this-is-not-a-key-but-a-secret-value-1234567890-abcdefghij']) {
      let message = '';
      try {
        loadConfig({ AUTH_PUBLIC_KEY: value });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/AUTH_PUBLIC_KEY/);
      expect(message).not.toContain(value.slice(30, 60));
    }
  });
});
