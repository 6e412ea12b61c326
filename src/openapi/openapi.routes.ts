import { Router } from 'express';
import { publicRoute } from '../access/policy.js';
import { renderDocsPage } from './docs-page.js';
import type { OpenApiDocument } from './openapi-document.js';

/** GET /api/openapi.json and GET /api/docs, both public. */
export function createOpenApiRouter(document: OpenApiDocument): Router {
  const router = Router();
  const page = renderDocsPage(document);
  router.get('/openapi.json', publicRoute(), (_request, response) => {
    response.json(document);
  });
  router.get('/docs', publicRoute(), (_request, response) => {
    response.type('html').send(page);
  });
  return router;
}
