// A FIFO async lock. SQLite gives TypeORM one connection: two transactions on it would nest
// (TypeORM turns the second BEGIN into a SAVEPOINT of the first), so the store takes turns instead.

export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    // The next waiter starts when this one settles, whether it succeeded or not.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
