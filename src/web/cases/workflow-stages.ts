import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { stageLabel, humanise } from '../labels.js';

/**
 * The workflow diagram as people read it: the stages of the case's route in order, each with what
 * happens in it, the current one highlighted (and its current step), the ones the case has passed
 * through marked done. Drawn from the machine definition itself, so it cannot drift from the rules.
 */

/** The usual path of each route through the lifecycle's stages. */
const ROUTE_PATHS: Record<string, string[]> = {
  'serious-incident': ['notification', 'rapidReview', 'panelResponse', 'localReview', 'publication', 'actionPlan', 'closed'],
  'looked-after-death': ['notification', 'screening', 'rapidReview', 'panelResponse', 'localReview', 'publication', 'actionPlan', 'closed'],
  'care-leaver-death': ['notification', 'screening', 'rapidReview', 'panelResponse', 'localReview', 'publication', 'actionPlan', 'closed'],
  referral: ['screening', 'notification', 'rapidReview', 'panelResponse', 'localReview', 'publication', 'actionPlan', 'closed'],
  'youth-justice-incident': [
    'screening',
    'notification',
    'rapidReview',
    'panelResponse',
    'localReview',
    'publication',
    'actionPlan',
    'closed',
  ],
  'out-of-area': ['supporting', 'actionPlan', 'closed'],
  'national-review': ['nationalReview', 'actionPlan', 'closed'],
};

export interface StageItem {
  id: string;
  title: string;
  description: string;
  status: 'current' | 'done' | 'not-reached' | 'skipped';
  /** The steps inside the stage (`gathering`, `deciding`, …), the current one marked. */
  steps: { id: string; title: string; current: boolean }[];
}

/**
 * The stages to show for a case on `route` now in `state`, given every state it has been in.
 * A stage the case has left without entering (a later stage already reached) is "skipped".
 */
export function workflowStages(machine: AnyStateMachine, route: string, state: string, visitedStates: string[]): StageItem[] {
  const nodes = machine.root.states as Record<string, AnyStateNode>;
  const currentStage = state.split('.')[0]!;
  const visited = new Set(visitedStates.map((visitedState) => visitedState.split('.')[0]!));
  visited.add(currentStage);
  const path = [...(ROUTE_PATHS[route] ?? Object.keys(nodes).filter((key) => key !== 'opening'))];
  // A stage off the usual path the case has been in (alternative learning, a national review) joins it before the action plan.
  for (const stage of visited) {
    if (!path.includes(stage) && nodes[stage] && stage !== 'opening') path.splice(Math.max(0, path.indexOf('actionPlan')), 0, stage);
  }
  const currentIndex = path.indexOf(currentStage);
  const finished = currentStage === 'closed';
  return path
    .filter((stage) => nodes[stage])
    .map((stage) => {
      const node = nodes[stage]!;
      const index = path.indexOf(stage);
      const status: StageItem['status'] =
        stage === currentStage && !finished ? 'current' : visited.has(stage) ? 'done' : index < currentIndex ? 'skipped' : 'not-reached';
      const children = Object.values(node.states as Record<string, AnyStateNode>);
      return {
        id: stage,
        title: stageLabel(stage),
        description: node.description ?? '',
        status,
        steps: children.map((child) => ({ id: child.key, title: humanise(child.key), current: state === `${stage}.${child.key}` })),
      };
    });
}

export function stageTag(status: StageItem['status']): { text: string; classes: string } {
  switch (status) {
    case 'current':
      return { text: 'Current stage', classes: 'govuk-tag--blue' };
    case 'done':
      return { text: 'Done', classes: 'govuk-tag--green' };
    case 'skipped':
      return { text: 'Not needed', classes: 'govuk-tag--grey' };
    default:
      return { text: 'Not reached', classes: 'govuk-tag--grey' };
  }
}
