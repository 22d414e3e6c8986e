import { templateSource } from './template-source';

describe('templateSource', () => {
  it('sends a small template inline as TemplateBody without uploading it', async () => {
    const uploads: string[] = [];
    const template = { Resources: { Topic: { Type: 'AWS::SNS::Topic' } } };
    const source = await templateSource('s', template, async (_name, body) => {
      uploads.push(body);
      return 'https://example/x';
    });
    expect(source).toEqual({ TemplateBody: JSON.stringify(template) });
    expect(uploads).toEqual([]);
  });
});
