import { createHmac, createPrivateKey, type KeyObject, randomBytes, sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Router } from 'express';
import { authenticate } from '../../../src/access/authenticate.js';
import { allow, publicRoute } from '../../../src/access/policy.js';
import { ROLES } from '../../../src/access/roles.js';
import { devKeyPath } from '../../../src/access/signing-keys.js';
import type { TokenVerifier } from '../../../src/access/token-verifier.js';
import { TEST_DATA_ROOT } from '../../support/test-env.js';

/** A data directory of this test file's own under .test-data/, removed by the returned function. */
export function temporaryDataDir(label: string): { dir: string; remove: () => void } {
  const dir = path.join(TEST_DATA_ROOT, `${label}-${randomBytes(4).toString('hex')}`);
  fs.mkdirSync(dir, { recursive: true });
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The development private key of a data directory, as a Node KeyObject, and its kid. */
export function devPrivateKey(dataDir: string): { key: KeyObject; kid: string } {
  const file = JSON.parse(fs.readFileSync(devKeyPath(dataDir), 'utf8')) as { kid: string; privateJwk: Record<string, unknown> };
  return { key: createPrivateKey({ key: file.privateJwk as never, format: 'jwk' }), kid: file.kid };
}

export const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url');

/**
 * A compact JWS built by hand, so a test can send what jose would refuse to produce (unknown `crit`,
 * non-JSON payloads, HS256 keyed with a public key). `payload` objects are JSON-encoded.
 */
export function signRaw(
  header: Record<string, unknown>,
  payload: Record<string, unknown> | string | Buffer,
  key: KeyObject | Buffer | string,
  alg: 'ES256' | 'ES384' | 'RS256' | 'HS256' = 'ES256',
): string {
  const body = typeof payload === 'object' && !Buffer.isBuffer(payload) ? JSON.stringify(payload) : payload;
  const input = `${b64url(JSON.stringify(header))}.${b64url(body)}`;
  let signature: Buffer;
  if (alg === 'HS256')
    signature = createHmac('sha256', key as Buffer | string)
      .update(input)
      .digest();
  else if (alg === 'RS256') signature = sign('sha256', Buffer.from(input), key as KeyObject);
  else signature = sign(alg === 'ES256' ? 'sha256' : 'sha384', Buffer.from(input), { key: key as KeyObject, dsaEncoding: 'ieee-p1363' });
  return `${input}.${b64url(signature)}`;
}

/**
 * The routes the access tests drive: one any role may call, a chair-only write, an admin-only read,
 * and a public one. Each is authenticated and policy-tagged, as real component routes must be.
 */
export function accessTestRouter(verifier: TokenVerifier): Router {
  const router = Router();
  const auth = authenticate(verifier);
  router.get('/access-test/whoami', auth, allow(...ROLES), (request, response) => {
    response.json(request.principal);
  });
  router.post('/access-test/chair-only', auth, allow('chair'), (_request, response) => {
    response.json({ done: true });
  });
  router.get('/access-test/admin-only', auth, allow('admin'), (_request, response) => {
    response.json({ secret: 'admin things' });
  });
  router.get('/access-test/oversight', auth, allow('chair', 'business-unit', 'partner-lead'), (_request, response) => {
    response.json({ ok: true });
  });
  router.get('/access-test/public', publicRoute(), (_request, response) => {
    response.json({ public: true });
  });
  return router;
}
