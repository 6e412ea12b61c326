/**
 * Pictures of a machine, computed from its definition: a Mermaid `stateDiagram-v2` and a
 * Stately-importable JSON machine config (targets as `#id`, guards and actions by name). Pure:
 * the API serves these and `npm run workflows` writes them to `dist/workflows/`.
 */
import type { AnyStateMachine, AnyStateNode } from 'xstate';

type TransitionDef = {
  eventType: string;
  target?: readonly AnyStateNode[] | undefined;
  guard?: unknown;
  actions: readonly unknown[];
  description?: string | undefined;
};

/** A guard's readable name: `name`, `name(stage=notification)`, `a && b`. */
export function guardName(guard: unknown): string | undefined {
  if (guard === undefined || guard === null) return undefined;
  if (typeof guard === 'string') return guard;
  if (typeof guard === 'function') {
    const parts = (guard as { guards?: unknown[] }).guards;
    if (Array.isArray(parts)) {
      const op = guard.name === 'or' ? ' || ' : ' && ';
      return guard.name === 'not' ? `!${guardName(parts[0])}` : parts.map(guardName).join(op);
    }
    return guard.name || 'guard';
  }
  if (typeof guard === 'object' && 'type' in guard) {
    const { type, params } = guard as { type: string; params?: Record<string, unknown> };
    const args = params && typeof params === 'object' ? Object.entries(params).map(([k, v]) => `${k}=${String(v)}`) : [];
    return args.length ? `${type}(${args.join(', ')})` : type;
  }
  return 'guard';
}

function actionRef(action: unknown): unknown {
  if (typeof action === 'string') return action;
  if (action && typeof action === 'object' && 'type' in action) {
    const { type, params } = action as { type: string; params?: unknown };
    return params === undefined ? type : { type, params };
  }
  return 'inline';
}

function transitionsOf(node: AnyStateNode): TransitionDef[] {
  const out: TransitionDef[] = [];
  for (const defs of node.transitions.values()) out.push(...(defs as TransitionDef[]));
  return out;
}

function configOfTransition(t: TransitionDef): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (t.target?.length) config.target = t.target.map((n) => `#${n.id}`);
  const guard = t.guard;
  if (guard && typeof guard === 'object' && 'type' in guard) {
    const { type, params } = guard as { type: string; params?: unknown };
    config.guard = params === undefined ? type : { type, params };
  } else if (guard) {
    config.guard = guardName(guard);
  }
  if (t.actions.length) config.actions = t.actions.map(actionRef);
  if (t.description) config.description = t.description;
  return config;
}

function configOfNode(node: AnyStateNode): Record<string, unknown> {
  const config: Record<string, unknown> = node.path.length ? {} : { id: node.id };
  if (node.description) config.description = node.description;
  if (node.type === 'final') config.type = 'final';
  if (node.type === 'parallel') config.type = 'parallel';
  const children = Object.values(node.states) as AnyStateNode[];
  if (children.length && node.type !== 'parallel') {
    const initial = node.initial?.target?.[0];
    if (initial) config.initial = initial.key;
  }
  if (node.entry.length) config.entry = node.entry.map(actionRef);
  if (node.exit.length) config.exit = node.exit.map(actionRef);
  const on: Record<string, unknown[]> = {};
  const always: unknown[] = [];
  for (const t of transitionsOf(node)) (on[t.eventType] ??= []).push(configOfTransition(t));
  for (const t of (node.always ?? []) as TransitionDef[]) always.push(configOfTransition(t));
  if (Object.keys(on).length) config.on = on;
  if (always.length) config.always = always;
  if (children.length) config.states = Object.fromEntries(children.map((c) => [c.key, configOfNode(c)]));
  return config;
}

/**
 * The machine as a JSON machine config the Stately editor imports (guards and actions by name;
 * their implementations live in the code).
 * @example toStatelyJson(machine).initial //=> 'opening'
 */
export function toStatelyJson(machine: AnyStateMachine): Record<string, unknown> {
  return configOfNode(machine.root);
}

/** A Mermaid-safe id for a state node (`rapidReview.gathering` → `rapidReview_gathering`). */
function mermaidId(node: AnyStateNode): string {
  return node.path.length ? node.path.join('_') : 'root';
}

function label(text: string): string {
  return text
    .replace(/[:;{}#]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The machine as a Mermaid `stateDiagram-v2`. Transitions show `event [guard]`; transitions that
 * stay in their state are listed in a note on it; events every state accepts are listed first.
 */
export function toMermaid(machine: AnyStateMachine): string {
  const lines: string[] = ['stateDiagram-v2'];
  const edges: string[] = [];
  const root = machine.root;
  const rootEvents = [...new Set(transitionsOf(root).map((t) => t.eventType))];
  if (rootEvents.length) lines.push(`  %% accepted in every non-final state: ${rootEvents.join(', ')}`);

  const visit = (node: AnyStateNode, indent: string): void => {
    const children = Object.values(node.states) as AnyStateNode[];
    const initial = node.initial?.target?.[0];
    if (initial) lines.push(`${indent}[*] --> ${mermaidId(initial)}`);
    for (const child of children) {
      const id = mermaidId(child);
      const grandchildren = Object.values(child.states);
      if (grandchildren.length) {
        lines.push(`${indent}state ${id} {`);
        visit(child, `${indent}  `);
        lines.push(`${indent}}`);
      } else {
        lines.push(`${indent}state "${child.key}" as ${id}`);
      }
      if (child.type === 'final') lines.push(`${indent}${id} --> [*]`);
      const stays: string[] = [];
      for (const t of [...transitionsOf(child), ...((child.always ?? []) as TransitionDef[])]) {
        const guard = guardName(t.guard);
        const text = label(`${t.eventType || 'always'}${guard ? ` [${guard}]` : ''}`);
        if (t.target?.length) for (const target of t.target) edges.push(`  ${id} --> ${mermaidId(target)} : ${text}`);
        else stays.push(text);
      }
      if (stays.length) {
        lines.push(`${indent}note right of ${id}`);
        for (const s of [...new Set(stays)]) lines.push(`${indent}  ${s}`);
        lines.push(`${indent}end note`);
      }
    }
  };
  visit(root, '  ');
  return [...lines, ...edges].join('\n') + '\n';
}
