/**
 * Whole answers kept by a key naming one version of one answer (an entity tag, a content hash), up
 * to a total size, the least recently used dropped first. An entry never goes stale: a changed
 * answer has another key, and its old entry ages out.
 */
export class AnswerCache {
  private readonly entries = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): Buffer | undefined {
    const answer = this.entries.get(key);
    if (answer === undefined) return undefined;
    // A Map iterates in insertion order: re-inserting on use keeps the least recently used first.
    this.entries.delete(key);
    this.entries.set(key, answer);
    return answer;
  }

  /** Keeps an answer unless it alone is larger than the whole cache. */
  set(key: string, answer: Buffer): void {
    if (answer.length > this.maxBytes) return;
    this.remove(key);
    this.entries.set(key, answer);
    this.bytes += answer.length;
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.maxBytes) break;
      this.remove(oldest);
    }
  }

  /** Total bytes held. */
  get size(): number {
    return this.bytes;
  }

  private remove(key: string): void {
    const answer = this.entries.get(key);
    if (answer === undefined) return;
    this.entries.delete(key);
    this.bytes -= answer.length;
  }
}
