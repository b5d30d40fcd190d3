import type { Builder, Dataquery } from '@grafana/grafana-foundation-sdk/cog';

/** Tag every gate run annotation carries; the gate adds the scenario and `pass`/`fail`. */
export const GATE_RUN_TAG = 'sockscope-gate';

/**
 * Grafana's built-in annotation query by tags. The SDK types annotation targets as data
 * queries, so this small builder supplies the tag query Grafana expects.
 */
class TagsAnnotationTarget implements Builder<Dataquery> {
  constructor(private readonly tags: string[]) {}

  build(): Dataquery {
    const query = { type: 'tags', tags: this.tags, limit: 100, matchAny: false };
    // JSON-only marker: the SDK's data query variants carry this method on their prototype.
    return Object.assign(Object.create({ _implementsDataqueryVariant() {} }) as Dataquery, query);
  }
}

export function gateRunsTarget(): Builder<Dataquery> {
  return new TagsAnnotationTarget([GATE_RUN_TAG]);
}
