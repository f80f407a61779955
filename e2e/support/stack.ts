// The running stack as the specs see it (see stack/main.ts for what it holds).
import { readStackFile, type StackInfo } from '../stack/stack-file.ts';

export type {
  StackEmbeddedLabel,
  StackInfo,
  StackProduct,
  StackStaff,
} from '../stack/stack-file.ts';

let cached: StackInfo | null = null;

/** stack.json, read once per worker: the stack does not change while specs run. */
export function readStack(): StackInfo {
  cached ??= readStackFile();
  return cached;
}

/** A shelf product by (part of) its name; fails loudly when the seed no longer has it. */
export function product(name: string): StackInfo['products'][number] {
  const found = readStack().products.find((candidate) => candidate.name.includes(name));
  if (!found) throw new Error(`no seeded product matches "${name}"`);
  return found;
}
