// A static walk of the TypeScript import graph from one source file: which files and which
// packages a module loads when imported. `import type` / `export type` lines are erased by the
// compiler and skipped; every other import, including one whose specifiers are all inline
// `type` (kept as a side-effect import under verbatimModuleSyntax), counts as loaded.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Static `import ... from`, `export ... from`, bare `import '...'` and `import('...')`. */
const IMPORT =
  /(?:^|[;\n])\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function resolveLocal(from: string, specifier: string): string {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
    if (candidate.endsWith('.ts') || candidate.endsWith('.mjs') || candidate.endsWith('.js')) {
      if (existsSync(candidate)) return candidate;
    }
  }
  throw new Error(`${from}: cannot resolve '${specifier}'`);
}

/** Every package imported (transitively) from `entry`, each with the chain of files leading to it. */
export function reachablePackages(entry: string): Map<string, string[]> {
  const packages = new Map<string, string[]>();
  const seen = new Set<string>();
  const stack: Array<{ file: string; chain: string[] }> = [{ file: resolve(entry), chain: [] }];
  while (stack.length > 0) {
    const { file, chain } = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    const path = [...chain, file];
    for (const match of text.matchAll(IMPORT)) {
      if (match[2]) continue; // `import type` / `export type`: erased
      const specifier = match[3] ?? match[4];
      if (specifier.startsWith('.')) {
        stack.push({ file: resolveLocal(file, specifier), chain: path });
      } else if (!packages.has(specifier)) {
        packages.set(specifier, path);
      }
    }
  }
  return packages;
}
