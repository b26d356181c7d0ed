/**
 * Reads under way, by key: a caller that asks for a key while a read of it is answering waits for
 * that read instead of making its own. Nothing is kept once it has answered, so no answer is ever
 * older than the call that gets it by more than one read's time. Every caller gets its own copy
 * (`structuredClone`), so none can change what another sees.
 *
 * For reads many requests make at the same moment with the same answer: the session check of a page
 * that sends several requests at once, the catalog every learner's home asks for.
 */
export class SharedReads<T> {
  private readonly underWay = new Map<string, Promise<T>>();

  read(key: string, read: () => Promise<T>): Promise<T> {
    let answer = this.underWay.get(key);
    if (!answer) {
      answer = read().finally(() => this.underWay.delete(key));
      this.underWay.set(key, answer);
    }
    return answer.then((value) => structuredClone(value));
  }

  /** Keys being read now (for tests). */
  get size(): number {
    return this.underWay.size;
  }
}
