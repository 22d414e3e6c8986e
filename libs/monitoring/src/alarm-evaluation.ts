import type { AcademicCalendar } from '@acad/schemas';
import type { AlarmDefinition, CompositeAlarmDefinition, ResolvedAlarmDefinition } from './alarm-definitions';
import { alarmsInRule, formatAlarmRule, parseAlarmRule, ruleHolds, type AlarmRule } from './alarm-rule';
import { evaluateAnomalyAlarm } from './anomaly-alarm';
import { evaluateBudgetAlarm, type BudgetFigures } from './budget-alarm';
import { freshnessToThresholdAlarm } from './freshness';
import type { Metric } from './metric';
import { MonitoringConfigInvalid } from './monitoring-errors';
import { comparisonSymbol, datapointsFor, explainThresholdAlarm, type AlarmState } from './threshold-alarm';

export interface AlarmEvaluationContext {
  now: Date;
  metrics: readonly Metric[];
  budget: BudgetFigures;
  defaultBudgetLimitUsd: number;
  /** States from the previous evaluation (for `ignore` missing-data treatment). */
  previousStates?: ReadonlyMap<string, AlarmState>;
  /** Daily anomaly alarms of the datasets this calendar lists judge teaching days only. */
  calendar?: AcademicCalendar;
}

export interface AlarmResult {
  name: string;
  kind: ResolvedAlarmDefinition['kind'];
  description?: string;
  state: AlarmState;
  condition: string;
  reason: string;
}

/**
 * Freshness alarms become threshold alarms on DataAgeHours; checks that names are unique and
 * that composite rules parse, refer to known alarms and do not refer to themselves in a cycle.
 * `source` names the configuration for error messages.
 */
export function resolveAlarms(
  definitions: readonly AlarmDefinition[],
  slaHours: (dataset: string) => number | undefined,
  source = 'alarm definitions',
): ResolvedAlarmDefinition[] {
  const resolved = definitions.map((d): ResolvedAlarmDefinition => {
    if (d.kind !== 'freshness') return d;
    const sla = d.slaHours ?? slaHours(d.dataset);
    if (sla === undefined)
      throw new MonitoringConfigInvalid(source, `freshness alarm for ${d.dataset}: no slaHours and no dataset contract with that name`);
    return freshnessToThresholdAlarm(d, sla);
  });
  const names = new Set<string>();
  for (const d of resolved) {
    if (names.has(d.name)) throw new MonitoringConfigInvalid(source, `two alarms are named ${d.name}`);
    names.add(d.name);
  }
  compositeOrder(resolved, source);
  return resolved;
}

/** Composites ordered so each comes after the composites it refers to. */
function compositeOrder(
  definitions: readonly ResolvedAlarmDefinition[],
  source: string,
): Array<{ definition: CompositeAlarmDefinition; rule: AlarmRule }> {
  const names = new Set(definitions.map((d) => d.name));
  const composites = new Map<string, { definition: CompositeAlarmDefinition; rule: AlarmRule }>();
  for (const d of definitions) {
    if (d.kind !== 'composite') continue;
    let rule: AlarmRule;
    try {
      rule = parseAlarmRule(d.rule);
    } catch (error) {
      throw new MonitoringConfigInvalid(source, `composite alarm ${d.name}: ${(error as Error).message}`);
    }
    const unknown = alarmsInRule(rule).filter((n) => !names.has(n));
    if (unknown.length > 0)
      throw new MonitoringConfigInvalid(source, `composite alarm ${d.name} refers to unknown alarm(s) ${unknown.join(', ')}`);
    composites.set(d.name, { definition: d, rule });
  }
  const ordered: Array<{ definition: CompositeAlarmDefinition; rule: AlarmRule }> = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting')
      throw new MonitoringConfigInvalid(source, `composite alarms refer to each other in a cycle: ${[...path, name].join(' → ')}`);
    state.set(name, 'visiting');
    const entry = composites.get(name);
    if (entry) for (const child of alarmsInRule(entry.rule)) if (composites.has(child)) visit(child, [...path, name]);
    state.set(name, 'done');
    if (entry) ordered.push(entry);
  };
  for (const name of composites.keys()) visit(name, []);
  return ordered;
}

/** Evaluates every alarm: metric, anomaly and budget alarms first, then composites over their states. */
export function evaluateAlarms(definitions: readonly ResolvedAlarmDefinition[], context: AlarmEvaluationContext): AlarmResult[] {
  const results = new Map<string, AlarmResult>();
  const previousState = (name: string) => context.previousStates?.get(name);
  for (const d of definitions) {
    const base = { name: d.name, kind: d.kind, description: d.description };
    if (d.kind === 'threshold') {
      const e = explainThresholdAlarm(d, datapointsFor(d, context.metrics), { now: context.now, previousState: previousState(d.name) });
      const condition = `${d.statistic} of ${d.metric}${dimensionText(d.dimensions)} ${comparisonSymbol(d.comparison)} ${d.threshold} for ${d.datapointsToAlarm} of ${d.evaluationPeriods} period(s) of ${d.periodSeconds}s`;
      results.set(d.name, { ...base, state: e.state, condition, reason: e.reason });
    } else if (d.kind === 'anomaly') {
      const e = evaluateAnomalyAlarm(d, datapointsFor(d, context.metrics), {
        now: context.now,
        previousState: previousState(d.name),
        calendar: context.calendar,
      });
      const condition = `${d.statistic} of ${d.metric}${dimensionText(d.dimensions)} outside median ± ${d.bandWidth}·MAD for ${d.datapointsToAlarm} of ${d.evaluationPeriods} period(s) of ${d.periodSeconds}s`;
      results.set(d.name, { ...base, state: e.state, condition, reason: e.reason });
    } else if (d.kind === 'budget') {
      const e = evaluateBudgetAlarm(d, context.budget, context.defaultBudgetLimitUsd);
      results.set(d.name, {
        ...base,
        state: e.state,
        condition: `${d.basis} monthly cost > ${d.thresholdPercent}% of $${e.limitUsd}`,
        reason: e.reason,
      });
    }
  }
  for (const { definition, rule } of compositeOrder(definitions, 'alarm definitions')) {
    const states = new Map([...results.values()].map((r) => [r.name, r.state]));
    const referenced = alarmsInRule(rule);
    let state: AlarmState = ruleHolds(rule, states) ? 'ALARM' : 'OK';
    // Like CloudWatch, a composite whose alarms have not been evaluated cannot say OK.
    if (state === 'OK' && referenced.length > 0 && referenced.every((n) => states.get(n) === 'INSUFFICIENT_DATA'))
      state = 'INSUFFICIENT_DATA';
    const inTrouble = referenced.filter((n) => states.get(n) === 'ALARM');
    results.set(definition.name, {
      name: definition.name,
      kind: 'composite',
      description: definition.description,
      state,
      condition: formatAlarmRule(rule),
      reason: `rule ${state === 'ALARM' ? 'holds' : 'does not hold'}; in ALARM: ${inTrouble.length > 0 ? inTrouble.join(', ') : 'none'}`,
    });
  }
  return definitions.map((d) => results.get(d.name) as AlarmResult);
}

function dimensionText(dimensions: Record<string, string>): string {
  const entries = Object.entries(dimensions);
  return entries.length === 0 ? '' : ` {${entries.map(([k, v]) => `${k}=${v}`).join(', ')}}`;
}
