import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';

export interface SdkProperty {
  name: string;
  optional: boolean;
  /** The declared type as written in the SDK's .d.ts, e.g. `string`, `number | null`, `Panel[]`. */
  type: string;
}

const require = createRequire(import.meta.url);
/** dist/ of the SDK (resolved through one of its entry points, dist/<module>/index.js). */
const sdkDist = path.resolve(
  path.dirname(require.resolve('@grafana/grafana-foundation-sdk/dashboard')),
  '..',
);

/**
 * The properties of an interface as the Grafana Foundation SDK declares it, read from its
 * .d.ts with the TypeScript parser, so dashboards are checked against the SDK's own types.
 */
export function sdkInterface(module: string, name: string): SdkProperty[] {
  const file = path.join(sdkDist, module, 'types.gen.d.ts');
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.ES2022,
    true,
  );
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement) && statement.name.text === name) {
      return statement.members.filter(ts.isPropertySignature).map((member) => ({
        name: member.name.getText(source),
        optional: member.questionToken !== undefined,
        type: member.type?.getText(source) ?? 'unknown',
      }));
    }
  }
  throw new Error(`interface ${name} not found in ${file}`);
}
