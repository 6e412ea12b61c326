import { Router } from 'express';
import { z } from 'zod';
import { publicRoute } from '../access/policy.js';
import type { HolidayCalendar } from '../calendar/bank-holidays.js';
import { CLOCK_RULES } from '../calendar/clock-rules.js';
import { NotFoundError } from '../errors/app-errors.js';
import { parseRequest } from '../http/validate.js';
import { CASE_MACHINE_ID, CURRENT_MACHINE_VERSION, MACHINE_VERSIONS, machineFor } from '../../workflows/case-workflow.js';
import { toMermaid, toStatelyJson } from '../../workflows/diagram.js';

const WorkflowParamsSchema = z.object({ id: z.string().regex(/^[a-z-]{1,60}$/) }).strict();
const WorkflowQuerySchema = z.object({ version: z.coerce.number().int().min(1).max(1000).optional() }).strict();

/**
 * GET /api/workflows and /api/workflows/:id: the lifecycle machines as Stately-importable JSON and
 * as a Mermaid state diagram. Public: they are the published rules, with no case data.
 */
export function createLifecycleRouter(calendar: HolidayCalendar): Router {
  const router = Router();
  const deps = { calendar, clockRules: CLOCK_RULES };

  router.get('/workflows', publicRoute(), (_request, response) => {
    response.json({
      items: [
        {
          id: CASE_MACHINE_ID,
          currentVersion: CURRENT_MACHINE_VERSION,
          versions: [...MACHINE_VERSIONS],
          href: `/api/workflows/${CASE_MACHINE_ID}`,
        },
      ],
    });
  });

  router.get('/workflows/:id', publicRoute(), (request, response) => {
    const { id } = parseRequest(WorkflowParamsSchema, request, 'params');
    const { version = CURRENT_MACHINE_VERSION } = parseRequest(WorkflowQuerySchema, request, 'query');
    if (id !== CASE_MACHINE_ID || !(MACHINE_VERSIONS as readonly number[]).includes(version)) {
      throw new NotFoundError(`No workflow ${id} version ${version}.`);
    }
    const machine = machineFor(deps, version);
    response.json({ id, version, stately: toStatelyJson(machine), mermaid: toMermaid(machine) });
  });

  return router;
}
