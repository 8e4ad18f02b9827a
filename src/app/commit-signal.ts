// "Something was committed": the outbox sender looks for new messages at once, and open console
// pages refresh. Use-cases fire it (AppContext.afterCommit); the chat and web parts listen.
export class CommitSignal {
  private readonly listeners = new Set<() => void>();

  notify(): void {
    for (const listener of this.listeners) listener();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
