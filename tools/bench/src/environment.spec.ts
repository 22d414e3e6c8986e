import { captureEnvironment, loadNote } from './environment';

describe('environment', () => {
  it('records the machine and the load average before and after', () => {
    const { environment, finish } = captureEnvironment();
    expect(environment.cpus).toBeGreaterThan(0);
    expect(environment.loadBefore).toHaveLength(3);
    expect(finish().loadAfter).toHaveLength(3);
  });

  it('warns only when the load was above three quarters of the CPUs', () => {
    const base = { cpus: 2, totalMemGiB: 8, node: '20', loadBefore: [1, 1, 1], loadAfter: [1.5, 1, 1] };
    expect(loadNote(base)).toEqual([]);
    expect(loadNote({ ...base, loadAfter: [8.5, 7, 6] })[0]).toMatch(
      /^The machine was busy \(1-minute load average up to 8\.5 on 2 CPUs\)/,
    );
  });
});
