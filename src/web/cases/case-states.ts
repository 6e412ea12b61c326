import type { AnyStateMachine, AnyStateNode } from 'xstate';
import { stateLabel } from '../labels.js';

/**
 * Every state a case can rest in (`notification`, `rapidReview.deciding`, …), as options for the
 * cases list's stage filter, read from the machine definition.
 */
export function caseStateOptions(machine: AnyStateMachine): { value: string; text: string }[] {
  const options: { value: string; text: string }[] = [];
  const visit = (node: AnyStateNode, prefix: string) => {
    for (const child of Object.values(node.states as Record<string, AnyStateNode>)) {
      const path = prefix ? `${prefix}.${child.key}` : child.key;
      if (path === 'opening') continue;
      const children = Object.values(child.states as Record<string, AnyStateNode>);
      if (children.length === 0) options.push({ value: path, text: stateLabel(path) });
      else visit(child, path);
    }
  };
  visit(machine.root, '');
  return options;
}
