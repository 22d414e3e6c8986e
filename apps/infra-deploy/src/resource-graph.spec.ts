import type { Resource } from './resource';
import { ResourceGraphError, referencedIds, topologicalOrder } from './resource-graph';

const resource = (id: string, dependsOn: string[] = [], properties: Record<string, unknown> = {}): Resource => ({
  type: 'AWS::S3::Bucket',
  id,
  properties,
  dependsOn,
});

describe('topologicalOrder', () => {
  it('puts dependencies first, including ones only referenced in properties, and keeps the free order', () => {
    const ordered = topologicalOrder([
      resource('Table', ['Database']),
      resource('Bucket', [], { Key: { 'Fn::GetAtt': ['Key', 'Arn'] } }),
      resource('Database'),
      resource('Key'),
    ]);
    expect(ordered.map((r) => r.id)).toEqual(['Database', 'Table', 'Key', 'Bucket']);
  });

  it.each([
    [[resource('A', ['B']), resource('B', ['A'])], /cycle A → B → A/],
    [[resource('A', ['Missing'])], /A depends on Missing, which is not in the stack/],
    [[resource('A'), resource('A')], /the id A is used twice/],
  ])('refuses an unsatisfiable graph (%#)', (resources, message) => {
    expect(() => topologicalOrder(resources)).toThrow(ResourceGraphError);
    expect(() => topologicalOrder(resources)).toThrow(message);
  });
});

describe('referencedIds', () => {
  it('finds Ref and Fn::GetAtt targets at any depth, without pseudo parameters', () => {
    expect(referencedIds({ a: [{ Ref: 'X' }, { b: { 'Fn::GetAtt': ['Y', 'Arn'] } }], c: { Ref: 'AWS::AccountId' } })).toEqual(['X', 'Y']);
  });
});
