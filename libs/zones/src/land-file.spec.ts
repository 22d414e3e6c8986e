import { LocalFsObjectStore } from '@acad/storage';
import { isTransferName, pendingLandingFiles } from './land-file';
import { tempDir } from './zone-fixture.test-support';

describe('pendingLandingFiles', () => {
  it('lists the files of each dataset with size and time, and leaves copies in progress alone', async () => {
    const home = await tempDir('acad-landing-');
    try {
      const landing = new LocalFsObjectStore(home.path);
      for (const key of [
        'attendance/a.csv',
        'attendance/.a.csv.Xy12Zq',
        'attendance/b.csv.part',
        'attendance/c.json~',
        'courses/courses.csv',
        '_staging/x.csv',
        'loose.csv',
      ]) {
        await landing.put(key, 'x,y\n1,2\n');
      }
      const pending = await pendingLandingFiles(landing);
      expect(pending.map((f) => f.key)).toEqual(['attendance/a.csv', 'courses/courses.csv']);
      expect(pending[0]).toMatchObject({ dataset: 'attendance', size: 8 });
      expect(pending[0].lastModified).toBeInstanceOf(Date);
      expect((await pendingLandingFiles(landing, 'courses')).map((f) => f.key)).toEqual(['courses/courses.csv']);
    } finally {
      await home.remove();
    }
  });

  it('knows the names copy tools give a file still being written', () => {
    for (const name of [
      '.attendance.csv.a1B2c3',
      'attendance.csv.tmp',
      'attendance.csv.part',
      'x.CRDOWNLOAD',
      'x.filepart',
      'attendance.csv~',
    ])
      expect(isTransferName(name)).toBe(true);
    for (const name of ['attendance.csv', 'admissions-2025.ndjson', 'part.csv', 'temp_students.json'])
      expect(isTransferName(name)).toBe(false);
  });
});
