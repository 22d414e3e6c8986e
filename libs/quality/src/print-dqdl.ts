import type { DqdlAnnotation } from './dqdl-lexer';
import type {
  DqdlAnalyzer,
  DqdlCondition,
  DqdlDate,
  DqdlDocument,
  DqdlLabel,
  DqdlNode,
  DqdlNumber,
  DqdlPair,
  DqdlParameter,
  DqdlStringValue,
} from './dqdl-syntax';

/**
 * Writes a DQDL tree back as text that parses to the same tree: quoted texts with their
 * escapes, numbers as written, parentheses where the tree has them.
 */
export function printDqdlDocument(document: DqdlDocument): string {
  const parts: string[] = [];
  if (document.metadata) parts.push(`Metadata = ${dictionary(document.metadata)}`);
  if (document.dataSources) parts.push(`DataSources = ${dictionary(document.dataSources)}`);
  if (document.variables.length > 0) {
    parts.push(
      document.variables
        .map(
          (v) =>
            `${v.name} = ${Array.isArray(v.value) ? `[${v.value.map(stringValueText).join(', ')}]` : stringValueText(v.value as DqdlStringValue)}`,
        )
        .join('\n'),
    );
  }
  if (document.defaultLabels) parts.push(`DefaultLabels = ${labelsText(document.defaultLabels)}`);
  const rules = document.rules;
  if (rules) {
    const lines = rules.map((entry, i) => {
      const separator = i < rules.length - 1 ? ',' : '';
      return `${entry.annotation ? `  ${annotationText(entry.annotation)}\n` : ''}  ${printDqdlNode(entry.node)}${separator}`;
    });
    parts.push(lines.length === 0 ? 'Rules = [ ]' : `Rules = [\n${lines.join('\n')}\n]`);
  }
  if (document.analyzers)
    parts.push(
      `Analyzers = [${document.analyzers.length === 0 ? ' ' : `\n${document.analyzers.map((a) => `  ${analyzerText(a)}`).join(',\n')}\n`}]`,
    );
  return `${parts.join('\n\n')}\n`;
}

export function annotationText(annotation: DqdlAnnotation): string {
  const options = Object.entries(annotation.options).map(([k, v]) => ` ${k}=${v}`);
  return `# @rule ${annotation.id} ${annotation.severity}${options.join('')}`;
}

export function printDqdlNode(node: DqdlNode): string {
  switch (node.kind) {
    case 'composite':
      return `${printDqdlNode(node.left)} ${node.operator} ${printDqdlNode(node.right)}`;
    case 'paren':
      return `(${printDqdlNode(node.inner)})${node.labels ? ` labels=${labelsText(node.labels)}` : ''}`;
    case 'rule': {
      const words = [node.ruleType, ...node.parameters.map(parameterText)];
      if (node.condition) words.push(printDqdlCondition(node.condition));
      if (node.where !== undefined) words.push(`where "${node.where}"`);
      if (node.labels) words.push(`labels=${labelsText(node.labels)}`);
      for (const tag of node.tags) words.push(`with ${tag.name} ${printDqdlCondition(tag.condition)}`);
      return words.join(' ');
    }
  }
}

export function printDqdlCondition(condition: DqdlCondition): string {
  const operands = condition.operands as readonly unknown[];
  const one = (operand: unknown): string => {
    switch (condition.type) {
      case 'number':
        return printDqdlNumber(operand as DqdlNumber);
      case 'string':
        return stringValueText(operand as DqdlStringValue);
      case 'date':
        return dateText(operand as DqdlDate);
      case 'duration':
      case 'size': {
        const { amount, unit } = operand as { amount: number; unit: string };
        return `${amount} ${unit}`;
      }
    }
  };
  switch (condition.op) {
    case 'between':
    case 'not between':
      return `${condition.op} ${one(operands[0])} and ${one(operands[1])}`;
    case 'in':
    case 'not in':
      if (condition.type === 'string' && condition.listVariable) return `${condition.op} ${one(operands[0])}`;
      return `${condition.op} [${operands.map(one).join(', ')}]`;
    default:
      return `${condition.op} ${one(operands[0])}`;
  }
}

export function printDqdlNumber(number: DqdlNumber): string {
  switch (number.kind) {
    case 'atom':
      return number.text;
    case 'null':
      return 'NULL';
    case 'call':
      return `${number.name}(${number.args.map(printDqdlNumber).join(', ')})`;
    case 'binary':
      return `${printDqdlNumber(number.left)} ${number.op} ${printDqdlNumber(number.right)}`;
    case 'paren':
      return `(${printDqdlNumber(number.inner)})`;
  }
}

function dateText(date: DqdlDate): string {
  switch (date.kind) {
    case 'date':
    case 'time':
      return `"${date.text}"`;
    case 'now':
      return 'now()';
    case 'nowOffset':
      return `(now() ${date.op} ${date.duration.amount} ${date.duration.unit})`;
    case 'null':
      return 'NULL';
  }
}

function stringValueText(value: DqdlStringValue): string {
  switch (value.kind) {
    case 'string':
      return `"${value.raw}"`;
    case 'variable':
      return `$${value.name}`;
    case 'keyword':
      return value.keyword;
  }
}

function parameterText(param: DqdlParameter): string {
  const text = param.form === 'quoted' ? `"${param.value}"` : param.form === 'variable' ? `$${param.value}` : param.value;
  return param.connector ? `${param.connector} ${text}` : text;
}

function labelsText(labels: readonly DqdlLabel[]): string {
  return `[${labels.map((l) => `"${l.key}"="${l.value}"`).join(', ')}]`;
}

function dictionary(pairs: readonly DqdlPair[]): string {
  const entries = pairs.map(
    (p) => `  "${p.key}": ${Array.isArray(p.value) ? `[${p.value.map((v) => `"${v}"`).join(', ')}]` : `"${p.value as string}"`}`,
  );
  return `{\n${entries.join(',\n')}\n}`;
}

function analyzerText(analyzer: DqdlAnalyzer): string {
  return [analyzer.analyzerType, ...analyzer.parameters.map(parameterText)].join(' ');
}
