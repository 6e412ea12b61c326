import { Router } from 'express';
import { requirePrincipal } from '../access/authenticate.js';
import { allow } from '../access/policy.js';
import { audited } from '../audit/audited.js';
import { parseRequest } from '../http/validate.js';
import { AdminIdParamsSchema } from './admin.schemas.js';
import { type AdminService, actorOf } from './admin.service.js';

/**
 * The administration API, for the partnership `admin` role only, always on the administrator's
 * own partnership (the partnership id comes from the principal, never from the request): an id of
 * another partnership answers 404, as a missing one does. Thin routes: parse, call one service
 * function, respond. Authentication and the audit recorder run before these.
 */
export function createAdminRouter(admin: AdminService): Router {
  const router = Router();
  const admins = allow('admin');
  const tenant = (request: Parameters<typeof requirePrincipal>[0]) => requirePrincipal(request).partnershipId;

  router.get('/partnership', audited('partnership.read'), admins, async (request, response) => {
    response.json(await admin.getPartnership(tenant(request)));
  });

  router.patch('/partnership', audited('partnership.update'), admins, async (request, response) => {
    const principal = requirePrincipal(request);
    response.json(await admin.updatePartnership(actorOf(principal), principal.partnershipId, request.body));
  });

  router.get('/partnership/changes', audited('admin-change.list'), admins, async (request, response) => {
    response.json(await admin.listChanges(tenant(request), request.query));
  });

  router.get('/organisations', audited('organisation.list'), admins, async (request, response) => {
    response.json(await admin.listOrganisations(tenant(request), request.query));
  });

  router.post('/organisations', audited('organisation.create'), admins, async (request, response) => {
    const principal = requirePrincipal(request);
    const created = await admin.createOrganisation(actorOf(principal), principal.partnershipId, request.body);
    response.status(201).location(`/api/organisations/${created.id}`).json(created);
  });

  router.get('/organisations/:id', audited('organisation.read', 'id'), admins, async (request, response) => {
    const { id } = parseRequest(AdminIdParamsSchema, request, 'params');
    response.json(await admin.getOrganisation(tenant(request), id));
  });

  router.patch('/organisations/:id', audited('organisation.update', 'id'), admins, async (request, response) => {
    const { id } = parseRequest(AdminIdParamsSchema, request, 'params');
    const principal = requirePrincipal(request);
    response.json(await admin.updateOrganisation(actorOf(principal), principal.partnershipId, id, request.body));
  });

  router.get('/users', audited('user.list'), admins, async (request, response) => {
    response.json(await admin.listUsers(tenant(request), request.query));
  });

  router.post('/users', audited('user.create'), admins, async (request, response) => {
    const principal = requirePrincipal(request);
    const created = await admin.createUser(actorOf(principal), principal.partnershipId, request.body);
    response.status(201).location(`/api/users/${created.id}`).json(created);
  });

  router.get('/users/:id', audited('user.read', 'id'), admins, async (request, response) => {
    const { id } = parseRequest(AdminIdParamsSchema, request, 'params');
    response.json(await admin.getUser(tenant(request), id));
  });

  router.patch('/users/:id', audited('user.update', 'id'), admins, async (request, response) => {
    const { id } = parseRequest(AdminIdParamsSchema, request, 'params');
    const principal = requirePrincipal(request);
    response.json(await admin.updateUser(actorOf(principal), principal.partnershipId, id, request.body));
  });

  return router;
}
