import { qualityView, type DatasetListing } from '../data/catalog-view';
import type { Subject } from '../auth/subject';
import { catalogPage, datasetPage } from './catalog-pages';

const analyst: Subject = { user: 'ana', role: 'analyst', via: 'token' };

// The counts of freshly generated sample attendance, recorded with the old score (passed / all rules = 0.375).
const healthy = {
  quality: { passed: 9, warned: 15, failed: 0, score: 0.375 },
  rows: { read: 22237, accepted: 21577, duplicates: 220, quarantined: 440 },
};

describe('qualityView', () => {
  it('reads the score from the counts, with its breakdown and the share of rows accepted', () => {
    expect(qualityView(healthy)).toEqual({
      score: 1,
      passed: 9,
      warned: 15,
      failed: 0,
      acceptedShare: 21577 / 22017,
      summary: 'score 100% (9 passed, 0 failed; 15 warnings not counted) · 98.0% of rows accepted (440 quarantined)',
    });
  });
});

describe('catalog pages', () => {
  it('shows a healthy dataset at 100% with its breakdown, not 38%', () => {
    const listing: DatasetListing = {
      name: 'attendance',
      zone: 'trusted',
      description: 'Attendance',
      rows: 21577,
      lastCommittedAt: '2026-12-02T10:40:05.000Z',
      qualityScore: 1,
      quality: qualityView(healthy),
      piiColumns: 1,
      rowAccess: 'allowed',
    };
    const html = catalogPage(analyst, undefined, [listing], { nodes: [], links: [] });
    expect(html).toContain('<td class="num">100% <span class="hint">(9 passed · 0 failed · 15 warnings)</span></td>');
    expect(html).not.toContain('38%');
  });

  it('lists each batch with its rows accepted and its score', () => {
    const view = qualityView({
      quality: { passed: 7, warned: 1, failed: 1, score: 0.778 },
      rows: { read: 10, accepted: 9, duplicates: 0, quarantined: 1 },
    });
    const page = datasetPage(analyst, undefined, {
      name: 'attendance',
      zone: 'trusted',
      description: 'Attendance',
      rowAccess: 'denied',
      rows: 9,
      columns: [],
      freshness: { lastCommittedAt: '2026-12-02T10:40:05.000Z', lakeSeq: 3 },
      quality: view,
      batches: [
        {
          seq: 3,
          batchId: 'b1',
          dataset: 'attendance',
          committedAt: '2026-12-02T10:40:05.000Z',
          rows: { read: 10, accepted: 9, duplicates: 0, quarantined: 1 },
          quality: view,
        },
      ],
      lineage: { inputs: [], outputs: [], columns: {}, byColumn: [] },
    });
    expect(page).toContain('quality score 87.5% (7 passed, 1 failed; 1 warning not counted) · 90.0% of rows accepted (1 quarantined)');
    expect(page).toContain(
      '<td class="num">90.0%</td><td class="num">87.5% <span class="hint">(7 passed · 1 failed · 1 warning)</span></td>',
    );
  });
});
