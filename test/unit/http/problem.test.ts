import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConflictError,
  ForbiddenError,
  InvalidTransitionError,
  NotFoundError,
  PreconditionFailedError,
  PreconditionRequiredError,
  RuleViolationError,
  UnauthenticatedError,
  UnavailableError,
  ValidationError,
} from '../../../src/errors/app-errors.js';
import { problemFor, toAppError } from '../../../src/http/problem.js';

const request = { originalUrl: '/api/cases/abc?x=1', requestId: 'req-12345678' } as unknown as Request;

describe('toAppError maps every error class to its status', () => {
  it.each([
    [new ValidationError('bad'), 400],
    [new UnauthenticatedError('who'), 401],
    [new ForbiddenError('no'), 403],
    [new NotFoundError('gone'), 404],
    [new InvalidTransitionError('no', 'screening', ['referral.screened']), 409],
    [new ConflictError('clash'), 409],
    [new PreconditionFailedError('stale'), 412],
    [new RuleViolationError('rule', 'notice-period'), 422],
    [new PreconditionRequiredError('need'), 428],
    [new UnavailableError('down'), 503],
  ])('%s → %i', (error, status) => {
    expect(toAppError(error)?.status).toBe(status);
  });

  it('turns a ZodError into 400 with the issue paths', () => {
    const result = z.object({ a: z.number() }).strict().safeParse({ a: 'x', b: 1 });
    const error = toAppError(result.error);
    expect(error?.status).toBe(400);
    expect(error?.extensions['errors']).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'a', code: 'invalid_type' })]));
  });

  it.each([
    [{ type: 'entity.too.large' }, 413],
    [{ type: 'entity.parse.failed' }, 400],
    [{ type: 'charset.unsupported' }, 415],
    [{ name: 'MongoServerSelectionError', message: 'connect ECONNREFUSED 127.0.0.1:1234' }, 503],
    [{ name: 'MongoNetworkError' }, 503],
    [{ name: 'MongoServerError', code: 11600, message: 'interrupted at shutdown' }, 503],
    [{ name: 'MongoServerError', code: 91, message: 'The server is in quiesce mode and will shut down' }, 503],
    [
      {
        name: 'MongoServerError',
        code: 1,
        message: '[msg_insert.go:168 handler.(*Handler).MsgInsert] [db.go:134 fsql.(*DB).InTransaction] context canceled',
      },
      503,
    ],
    [{ code: 11000, message: 'E11000 duplicate key error collection: x index: y dup key: { name: "secret" }' }, 409],
    [{ name: 'CastError', path: 'version' }, 400],
    [{ name: 'StrictModeError' }, 400],
  ])('maps driver and parser error %o to %i', (raw, status) => {
    expect(toAppError(Object.assign(new Error('x'), raw))?.status).toBe(status);
  });

  it('leaves an unknown error unmapped (it becomes a 500)', () => {
    expect(toAppError(new TypeError('boom'))).toBeUndefined();
    expect(toAppError(Object.assign(new Error('x'), { name: 'MongoServerError', code: 1, message: 'invalid key' }))).toBeUndefined();
  });

  it('never copies driver text into the problem', () => {
    const error = toAppError(Object.assign(new Error('E11000 duplicate key { name: "secret" }'), { code: 11000 }))!;
    const body = JSON.stringify(problemFor(error, request));
    expect(body).not.toContain('secret');
    expect(body).not.toContain('E11000');
  });
});

describe('problemFor', () => {
  it('builds an RFC 9457 body with the request id and the extensions', () => {
    const body = problemFor(new InvalidTransitionError('Not now', 'screening', ['referral.screened']), request);
    expect(body).toEqual({
      type: 'https://safeguarding-review-engine.local/problems/event-not-accepted-in-the-current-state',
      title: 'Event not accepted in the current state',
      status: 409,
      detail: 'Not now',
      instance: '/api/cases/abc',
      requestId: 'req-12345678',
      currentState: 'screening',
      acceptedEvents: ['referral.screened'],
    });
  });
});
