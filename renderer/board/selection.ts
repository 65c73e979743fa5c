/**
 * The local user's selection: which shapes the select tool acts on. It is this window's state
 * only (not in the document); shapes deleted by anyone drop out of it.
 */
export type SelectionListener = (ids: ReadonlySet<string>) => void;

export class Selection {
  private current = new Set<string>();
  private readonly listeners = new Set<SelectionListener>();

  get ids(): ReadonlySet<string> {
    return this.current;
  }

  get size(): number {
    return this.current.size;
  }

  has(id: string): boolean {
    return this.current.has(id);
  }

  set(ids: Iterable<string>): void {
    const next = new Set(ids);
    if (next.size === this.current.size && [...next].every((id) => this.current.has(id))) return;
    this.current = next;
    this.emit();
  }

  toggle(id: string): void {
    const next = new Set(this.current);
    if (!next.delete(id)) next.add(id);
    this.set(next);
  }

  clear(): void {
    this.set([]);
  }

  /** Keeps only the ids `exists` accepts (after shapes were deleted). */
  retain(exists: (id: string) => boolean): void {
    if ([...this.current].every(exists)) return;
    this.set([...this.current].filter(exists));
  }

  onChange(listener: SelectionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.current);
  }
}
