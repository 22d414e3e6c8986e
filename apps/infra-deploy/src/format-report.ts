import type { ApplyReport } from './apply';
import type { DestroyReport } from './destroy';
import type { Plan, PlannedChange } from './plan';
import type { Resource } from './resource';
import type { StackConfig } from './stack-config';

const SYMBOL = { create: '+', update: '~', delete: '-', unchanged: '=' } as const;

function changeLine(change: PlannedChange): string {
  const details = [
    change.properties.length ? `${change.properties.join(', ')}` : '',
    change.replaces.length ? `replaces: ${change.replaces.join(', ')}` : '',
    change.unsupported.length ? `not supported by the endpoint: ${change.unsupported.join(', ')}` : '',
  ].filter(Boolean);
  return `  ${SYMBOL[change.action]} ${change.action.padEnd(9)} ${change.type.padEnd(30)} ${change.id}${details.length ? `  (${details.join('; ')})` : ''}`;
}

export function describeStack(config: StackConfig, resources: readonly Resource[]): string {
  const width = Math.max(...resources.map((r) => r.type.length));
  const lines = resources.map(
    (r) => `  ${r.type.padEnd(width)}  ${r.id}${r.dependsOn.length ? `  (after ${r.dependsOn.join(', ')})` : ''}`,
  );
  return `Stack ${config.stack}: prefix ${config.prefix}, region ${config.region}, ${resources.length} resources in deployment order\n${lines.join('\n')}\n`;
}

export function describePlan(config: StackConfig, plan: Plan): string {
  const s = plan.summary;
  return `Plan for stack ${config.stack} (${config.prefix}): ${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.unchanged} unchanged\n${plan.changes.map(changeLine).join('\n')}\n`;
}

export function describeApply(config: StackConfig, report: ApplyReport): string {
  const s = report.summary;
  const head = `Apply of stack ${config.stack} (${config.prefix}): ${s.create} created, ${s.update} updated, ${s.unchanged} unchanged`;
  const failure = report.failed
    ? `\nFAILED at ${report.failed.id}: ${report.failed.message}\nNot reached: ${report.remaining.join(', ') || '(none)'}\nWhat was done stays; run apply again to carry on.`
    : '';
  return `${head}\n${report.done.map(changeLine).join('\n')}${failure}\n`;
}

export function describeDestroy(config: StackConfig, report: DestroyReport): string {
  return `Destroy of stack ${config.stack} (${config.prefix}): ${report.deleted.length} deleted, ${report.absent.length} already absent\n${report.deleted.map((id) => `  - ${id}`).join('\n')}\n`;
}
