import { describeCuratedProducts } from './curated-product-columns';
import { CURATED_MODELS } from './models/index';

describe('describeCuratedProducts', () => {
  it('describes every curated model with its typed output columns, its grain among them', async () => {
    const products = await describeCuratedProducts();

    expect(products.map((p) => p.name)).toEqual(CURATED_MODELS.map((m) => m.name));
    const risk = products.find((p) => p.name === 'student_attendance_risk');
    expect(risk?.columns).toEqual([
      { name: 'student_key', type: 'VARCHAR' },
      { name: 'course_code', type: 'VARCHAR' },
      { name: 'section', type: 'VARCHAR' },
      { name: 'attendance_rate', type: expect.stringMatching(/^(DOUBLE|DECIMAL)/) },
      { name: 'longest_absence_run', type: 'BIGINT' },
      { name: 'last_attended', type: 'DATE' },
      { name: 'at_risk', type: 'BOOLEAN' },
    ]);
    for (const product of products) {
      const model = CURATED_MODELS.find((m) => m.name === product.name);
      expect(product.columns.map((c) => c.name)).toEqual(expect.arrayContaining([...(model?.grain ?? [])]));
    }
  });
});
