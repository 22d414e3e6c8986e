import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalFsObjectStore, ObjectPathRefused } from '@acad/storage';
import { isTransferName, landFiles, LANDING_LANES, pendingLandingFiles } from './land-file';
import { tempDir } from './zone-fixture.test-support';

describe('landFiles', () => {
  it('lands every file in the order given, a few at once, and the last of files with one name wins', async () => {
    const home = await tempDir('acad-land-files-');
    try {
      await mkdir(join(home.path, 'in', 'later'), { recursive: true });
      const paths: string[] = [];
      for (let i = 0; i < 3 * LANDING_LANES; i += 1) {
        paths.push(join(home.path, 'in', `f${i}.csv`));
        await writeFile(paths[i], `student_id\nS${String(i).padStart(7, '0')}\n`);
      }
      // Same name as f1.csv, given after it: landing keeps this one, as when files land one by one.
      paths.push(join(home.path, 'in', 'later', 'f1.csv'));
      await writeFile(paths.at(-1) as string, 'student_id\nS9999999\n');
      const landing = new LocalFsObjectStore(join(home.path, 'landing'));
      const landed = await landFiles(landing, 'attendance', paths);
      expect(landed.map((f) => f.key)).toEqual(paths.map((p) => `attendance/${p.split('/').pop()}`));
      expect(landed.map((f) => f.path)).toEqual(paths);
      expect(landed.every((f) => f.refused === undefined)).toBe(true);
      expect((await landing.getBytes('attendance/f1.csv')).toString()).toBe('student_id\nS9999999\n');
      expect((await landing.getBytes('attendance/f7.csv')).toString()).toBe('student_id\nS0000007\n');
    } finally {
      await home.remove();
    }
  });

  it('reports the files whose landing key the store refuses, without landing them', async () => {
    const home = await tempDir('acad-land-files-');
    try {
      const outside = join(home.path, 'outside');
      await mkdir(join(home.path, 'landing'), { recursive: true });
      await mkdir(outside);
      await symlink(outside, join(home.path, 'landing', 'attendance'));
      const path = join(home.path, 'a.csv');
      await writeFile(path, 'student_id\nS0000001\n');
      const [landed] = await landFiles(new LocalFsObjectStore(join(home.path, 'landing')), 'attendance', [path]);
      expect(landed.key).toBe('attendance/a.csv');
      expect(landed.refused).toBeInstanceOf(ObjectPathRefused);
    } finally {
      await home.remove();
    }
  });
});

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
