// Many rooms' small writes in one round trip. Under load, messages of hundreds of groups arrive in
// the same few milliseconds; storing each with its own INSERT (or marking each chit-chat message
// processed with its own transaction) spends the database's round trips one by one. A batch takes
// whatever has queued since the last one went out: at most `concurrency` batches are in flight,
// and the next one collects everything that arrives meanwhile, so a quiet bot writes at once and a
// busy one in ever larger batches. Each caller's promise settles with its own row's result, or
// with the batch's error (which the caller handles as it would its own).

export class WriteBatcher<In, Out> {
  private queue: Array<{ input: In; resolve(out: Out): void; reject(err: unknown): void }> = [];
  private inFlight = 0;

  constructor(
    private readonly write: (inputs: In[]) => Promise<Out[]>,
    private readonly opts: { maxBatch?: number; concurrency?: number } = {},
  ) {}

  run(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    const { concurrency = 2 } = this.opts;
    if (this.queue.length === 0 || this.inFlight >= concurrency) return;
    this.inFlight++;
    // On the next turn, so the callers queued in this one go in the same batch.
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    const batch = this.queue.splice(0, this.opts.maxBatch ?? 500);
    try {
      if (batch.length === 0) return;
      let outs: Out[];
      try {
        outs = await this.write(batch.map((b) => b.input));
      } catch (err) {
        for (const b of batch) b.reject(err);
        return;
      }
      batch.forEach((b, i) => b.resolve(outs[i]!));
    } finally {
      this.inFlight--;
      this.pump();
    }
  }
}
