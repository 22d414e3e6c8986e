import { ByteQueue } from './byte-queue';

describe('ByteQueue', () => {
  it('hands out exact byte counts across chunk boundaries', () => {
    const queue = new ByteQueue();
    queue.push(Buffer.from('abc'));
    queue.push(Buffer.alloc(0));
    queue.push(Buffer.from('defgh'));
    expect(queue.length).toBe(8);
    expect(queue.take(2).toString()).toBe('ab');
    expect(queue.take(4).toString()).toBe('cdef');
    expect(queue.takeAll().toString()).toBe('gh');
    expect(queue.length).toBe(0);
    expect(() => queue.take(1)).toThrow(RangeError);
  });

  it('peeks a u32 that spans chunks without consuming it', () => {
    const queue = new ByteQueue();
    queue.push(Buffer.from([0x01]));
    queue.push(Buffer.from([0x02, 0x03]));
    queue.push(Buffer.from([0x04, 0x05]));
    expect(queue.peekUInt32BE()).toBe(0x01020304);
    expect(queue.length).toBe(5);
    expect([...queue.takeAll()]).toEqual([1, 2, 3, 4, 5]);
  });
});
