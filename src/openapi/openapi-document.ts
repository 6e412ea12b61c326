import { z } from 'zod';
import type { OperationSpec } from './operation.js';

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details.',
  required: ['type', 'title', 'status', 'detail', 'instance', 'requestId'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } },
    },
  },
  additionalProperties: true,
};

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is malformed (schema, type or unknown key).',
  401: 'No valid credentials.',
  403: 'Your role may not do this.',
  404: 'No such resource, or not one you may see.',
  409: 'The current state does not accept this (currentState, acceptedEvents), or a conflict.',
  412: 'If-Match names a version that is no longer current.',
  413: 'The body is too large.',
  415: 'The body is not application/json.',
  422: 'A business or statutory rule refuses it (see `rule`).',
  428: 'If-Match is required.',
  503: 'The database is not answering; retry after Retry-After seconds.',
};

function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/** `/cases/:id/events` → `/api/cases/{id}/events` */
export function openApiPath(path: string): string {
  return `/api${path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
}

function parametersOf(spec: OperationSpec) {
  const parameters: Record<string, unknown>[] = [];
  for (const [where, schema] of [
    ['path', spec.params],
    ['query', spec.query],
  ] as const) {
    if (!schema) continue;
    const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      parameters.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: property });
    }
  }
  for (const header of spec.headers ?? []) {
    parameters.push({
      name: header.name,
      in: 'header',
      required: header.required,
      description: header.description,
      schema: { type: 'string' },
    });
  }
  return parameters;
}

/** Builds the OpenAPI 3.1 document from every component's operation list. */
export function buildOpenApiDocument(operations: readonly OperationSpec[], info: { version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of operations) {
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema || response.contentType
          ? { content: { [response.contentType ?? 'application/json']: response.schema ? { schema: jsonSchema(response.schema) } : {} } }
          : {}),
      };
    }
    for (const status of spec.errors) {
      responses[String(status)] = {
        description: ERROR_DESCRIPTIONS[status] ?? 'Error.',
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
    const path = openApiPath(spec.path);
    paths[path] ??= {};
    paths[path][spec.method] = {
      operationId: `${spec.method}${spec.path.replace(/[:/.-]+(\w)/g, (_m, c: string) => c.toUpperCase())}`,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: [spec.tag],
      security: spec.auth === 'public' ? [] : spec.auth === 'feed-token' ? [{ feedToken: [] }] : [{ bearer: [] }],
      ...(spec.roles ? { 'x-roles': spec.roles } : {}),
      parameters: parametersOf(spec),
      ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body) } } } } : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Safeguarding review engine API',
      version: info.version,
      description:
        'Serious incident notifications, rapid reviews, local child safeguarding practice reviews and action plans, tracked against the statutory clocks. Errors are RFC 9457 problem details.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        feedToken: { type: 'apiKey', in: 'query', name: 'token' },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
