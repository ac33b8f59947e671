/** Undoes what a setup did; safe to call more than once. */
export type Disposer = () => void;

/** Runs every disposer once, last registered first; safe to call twice. */
export class DisposerList {
  private disposers: Disposer[] = [];
  add(disposer: Disposer): void {
    this.disposers.push(disposer);
  }
  dispose(): void {
    const disposers = this.disposers.reverse();
    this.disposers = [];
    for (const dispose of disposers) dispose();
  }
}
