/**
 * The awareness client ids one connection has announced. Nearly every connection announces one (its Y.Doc's), kept
 * inline; a `Set` (~230 bytes with its table, in a heap snapshot) is made only for a second: a server holds thousands.
 */
export class ClientIds implements Iterable<number> {
  private one: number | null = null;
  private more: Set<number> | null = null;

  get size(): number { return this.more ? this.more.size : Number(this.one !== null); }

  add(id: number): void {
    if (this.more) this.more.add(id);
    else if (this.one === null || this.one === id) this.one = id;
    else {
      this.more = new Set([this.one, id]);
      this.one = null;
    }
  }

  clear(): void {
    this.one = null;
    this.more = null;
  }

  *[Symbol.iterator](): Iterator<number> {
    if (this.more) yield* this.more;
    else if (this.one !== null) yield this.one;
  }
}
