import type { ApplyReport } from './apply';
import type { ChangeSetPlan, PlannedChange } from './change-set';
import type { DestroyReport } from './destroy';
import type { DriftReport } from './drift';
import type { ProgressEvent } from './stack-events';
import type { StackConfig } from './stack-config';
import type { CloudFormationTemplate } from './synth';

const SYMBOL: Record<PlannedChange['action'], string> = { add: '+', modify: '~', replace: '±', remove: '-', import: '>', other: '?' };

function changeLine(change: PlannedChange): string {
  const details = [
    change.properties.length ? change.properties.join(', ') : '',
    change.action === 'replace' ? `replacement: ${change.replacement}` : '',
  ].filter(Boolean);
  return `  ${SYMBOL[change.action]} ${change.action.padEnd(8)} ${change.type.padEnd(34)} ${change.logicalId}${details.length ? `  (${details.join('; ')})` : ''}`;
}

export function describeTemplate(config: StackConfig, stackName: string, template: CloudFormationTemplate, path: string): string {
  const resources = Object.entries(template.Resources);
  const width = Math.max(...resources.map(([, r]) => r.Type.length));
  const lines = resources.map(
    ([id, r]) => `  ${r.Type.padEnd(width)}  ${id}${r.DeletionPolicy === 'Retain' ? '  (retained on destroy)' : ''}`,
  );
  return `Stack ${stackName} (${config.stack}, region ${config.region}): ${resources.length} resources, template written to ${path}\n${lines.join('\n')}\n`;
}

export function describePlan(plan: ChangeSetPlan): string {
  if (plan.changes.length === 0) return `Plan for ${plan.stackName}: no changes (the change set was deleted)\n`;
  const s = plan.summary;
  return `Plan for ${plan.stackName} (${plan.changeSetType}, change set ${plan.changeSetName}): ${s.add} to add, ${s.modify} to modify, ${s.replace} to replace, ${s.remove} to remove\n${plan.changes.map(changeLine).join('\n')}\nApply it with: deploy apply --change-set ${plan.changeSetName}\n`;
}

export function describeEvent(event: ProgressEvent): string {
  return `  ${event.time}  ${event.status.padEnd(28)} ${event.type.padEnd(34)} ${event.logicalId}${event.reason ? `  ${event.reason}` : ''}\n`;
}

export function describeApply(report: ApplyReport): string {
  if (report.noChanges) return `Apply of ${report.stackName}: no changes\n`;
  return `Apply of ${report.stackName} (change set ${report.changeSetName}): ${report.status}\n`;
}

export function describeDestroy(report: DestroyReport): string {
  if (report.absent) return `Destroy of ${report.stackName}: there is no such stack\n`;
  const kept = report.kept.length
    ? `Kept (DeletionPolicy Retain; remove them by hand, or run destroy --force):\n${report.kept.map((k) => `  ${k.type.padEnd(16)} ${k.name}`).join('\n')}\n`
    : 'Nothing kept: the buckets and the key were deleted with the stack (the key after its waiting period).\n';
  return `Destroy of ${report.stackName}: ${report.status}\n${kept}`;
}

export function describeDrift(report: DriftReport): string {
  const lines = report.drifted.map(
    (d) =>
      `  ${d.status.padEnd(9)} ${d.type.padEnd(34)} ${d.logicalId}${d.differences.length ? `  (${d.differences.map((p) => `${p.path} ${p.type}`).join(', ')})` : ''}`,
  );
  return `Drift of ${report.stackName}: ${report.stackDriftStatus}, ${report.drifted.length} resources drifted\n${lines.join('\n')}${lines.length ? '\n' : ''}`;
}
