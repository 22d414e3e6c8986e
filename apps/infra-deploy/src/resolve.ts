/** Account facts the deployer fills pseudo parameters with (from STS GetCallerIdentity). */
export interface AccountContext {
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
}

/** Attributes of an existing resource: `Ref` (its name or id) and `Arn`. */
export type Attributes = Readonly<Record<string, string>>;

/** A value that only exists once another resource is created. Never sent to AWS. */
export const UNKNOWN_PREFIX = '(known after apply: ';

export interface Resolved {
  readonly value: Record<string, unknown>;
  /** References that could not be resolved yet, e.g. `DataKey.Arn`. */
  readonly unknown: string[];
}

/**
 * Replaces `Ref`, `Fn::GetAtt` and `Fn::Sub` markers with the attributes of resources that
 * exist; what does not exist yet becomes an `(known after apply: …)` placeholder.
 */
export function resolveProperties(
  properties: Readonly<Record<string, unknown>>,
  attributes: ReadonlyMap<string, Attributes>,
  account: AccountContext,
): Resolved {
  const unknown: string[] = [];
  const pseudo: Record<string, string> = {
    'AWS::AccountId': account.accountId,
    'AWS::Partition': account.partition,
    'AWS::Region': account.region,
  };
  const lookup = (id: string, attribute: string): string => {
    if (attribute === 'Ref' && id in pseudo) return pseudo[id];
    const value = attributes.get(id)?.[attribute];
    if (value !== undefined) return value;
    const name = attribute === 'Ref' ? id : `${id}.${attribute}`;
    unknown.push(name);
    return `${UNKNOWN_PREFIX}${name})`;
  };
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (node === null || typeof node !== 'object') return node;
    const record = node as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && typeof record['Ref'] === 'string') return lookup(record['Ref'], 'Ref');
    if (keys.length === 1 && Array.isArray(record['Fn::GetAtt'])) {
      const [id, attribute] = record['Fn::GetAtt'] as [string, string];
      return lookup(id, attribute);
    }
    if (keys.length === 1 && typeof record['Fn::Sub'] === 'string') {
      return record['Fn::Sub'].replace(/\$\{([^}.]+)(?:\.([^}]+))?\}/g, (_, id: string, attribute?: string) =>
        lookup(id, attribute ?? 'Ref'),
      );
    }
    return Object.fromEntries(keys.map((key) => [key, visit(record[key])]));
  };
  return { value: visit(properties) as Record<string, unknown>, unknown: [...new Set(unknown)] };
}
