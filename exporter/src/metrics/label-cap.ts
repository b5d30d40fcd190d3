import { OTHER_LABEL } from '@sockscope/contracts';

/**
 * Admits at most `max` distinct values, first come first kept (stable across scrapes), and
 * folds the rest into `other`, so a misbehaving target cannot grow the series count.
 */
export class LabelCap {
  private readonly admitted = new Set<string>();

  constructor(private readonly max: number) {}

  label(value: string): string {
    if (this.admitted.has(value)) return value;
    if (this.admitted.size < this.max) {
      this.admitted.add(value);
      return value;
    }
    return OTHER_LABEL;
  }
}

/** A LabelCap per scope (e.g. event names per namespace), with the scopes capped too. */
export class ScopedLabelCap {
  private readonly scopes = new Map<string, LabelCap>();
  private readonly scopeCap: LabelCap;

  constructor(
    maxScopes: number,
    private readonly maxPerScope: number,
  ) {
    this.scopeCap = new LabelCap(maxScopes);
  }

  label(scope: string, value: string): [string, string] {
    const s = this.scopeCap.label(scope);
    let cap = this.scopes.get(s);
    if (!cap) this.scopes.set(s, (cap = new LabelCap(this.maxPerScope)));
    return [s, cap.label(value)];
  }
}
