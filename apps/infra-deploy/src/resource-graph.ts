import { PSEUDO_PARAMETERS, type Resource } from './resource';

/** Resources whose dependencies cannot be satisfied: a missing id, a cycle, a duplicate. */
export class ResourceGraphError extends Error {
  readonly code = 'RESOURCE_GRAPH_INVALID';

  constructor(detail: string) {
    super(`The resource graph is invalid: ${detail}`);
    this.name = 'ResourceGraphError';
  }
}

/** Ids named by `Ref`, `Fn::GetAtt` and `Fn::Sub` `${Id.Attribute}` markers anywhere in `value`, pseudo parameters left out. */
export function referencedIds(value: unknown): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (node !== null && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record['Ref'] === 'string') found.add(record['Ref']);
      const getAtt = record['Fn::GetAtt'];
      if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') found.add(getAtt[0]);
      const template = record['Fn::Sub'];
      if (typeof template === 'string') for (const match of template.matchAll(/\$\{([^}.]+)(\.[^}]+)?\}/g)) found.add(match[1]);
      Object.values(record).forEach(visit);
    }
  };
  visit(value);
  return [...found].filter((id) => !(PSEUDO_PARAMETERS as readonly string[]).includes(id));
}

/**
 * Orders resources so each comes after everything it depends on (explicit `dependsOn` and
 * references in its properties), keeping the given order where it is free. Throws on a missing
 * id, a duplicate id or a cycle.
 */
export function topologicalOrder(resources: readonly Resource[]): Resource[] {
  const byId = new Map<string, Resource>();
  for (const resource of resources) {
    if (byId.has(resource.id)) throw new ResourceGraphError(`the id ${resource.id} is used twice`);
    byId.set(resource.id, resource);
  }
  const ordered: Resource[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (resource: Resource, path: string[]): void => {
    if (state.get(resource.id) === 'done') return;
    if (state.get(resource.id) === 'visiting') throw new ResourceGraphError(`cycle ${[...path, resource.id].join(' → ')}`);
    state.set(resource.id, 'visiting');
    for (const id of new Set([...resource.dependsOn, ...referencedIds(resource.properties)])) {
      const dependency = byId.get(id);
      if (!dependency) throw new ResourceGraphError(`${resource.id} depends on ${id}, which is not in the stack`);
      visit(dependency, [...path, resource.id]);
    }
    state.set(resource.id, 'done');
    ordered.push(resource);
  };
  resources.forEach((resource) => visit(resource, []));
  return ordered;
}
