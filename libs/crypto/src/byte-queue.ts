/** FIFO of incoming chunks that hands out exact byte counts without re-copying the whole backlog. */
export class ByteQueue {
  private chunks: Buffer[] = [];
  private total = 0;

  get length(): number {
    return this.total;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.total += chunk.length;
  }

  /** Removes and returns exactly `count` bytes; the caller checks `length` first. */
  take(count: number): Buffer {
    if (count > this.total) throw new RangeError(`ByteQueue holds ${this.total} bytes, not ${count}`);
    const parts: Buffer[] = [];
    let needed = count;
    while (needed > 0) {
      const head = this.chunks[0];
      if (head.length <= needed) {
        parts.push(head);
        this.chunks.shift();
        needed -= head.length;
      } else {
        parts.push(head.subarray(0, needed));
        this.chunks[0] = head.subarray(needed);
        needed = 0;
      }
    }
    this.total -= count;
    return parts.length === 1 ? parts[0] : Buffer.concat(parts, count);
  }

  /** Reads a big-endian u32 from the front without removing it; the caller checks `length` first. */
  peekUInt32BE(): number {
    const head = this.chunks[0];
    if (head.length >= 4) return head.readUInt32BE(0);
    const bytes = this.take(4);
    this.chunks.unshift(bytes);
    this.total += 4;
    return bytes.readUInt32BE(0);
  }

  /** Removes and returns everything queued. */
  takeAll(): Buffer {
    return this.take(this.total);
  }
}
