// Writes this benchmark's section of bench/RESULTS.md, replacing the one an earlier run wrote
// (from its heading to the next "## " heading) and leaving every other section as it was.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const RESULTS_FILE = fileURLToPath(new URL('../../RESULTS.md', import.meta.url));
export const SECTION_HEADING = '## The register in real Chromium (issue 6)';

/** Wraps prose at `width` columns like the rest of RESULTS.md (list items keep an indent). */
export function wrap(text: string, width = 100): string {
  const indent = text.startsWith('- ') ? '  ' : '';
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `${indent}${word}`;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.join('\n');
}

export function replaceSection(
  document: string,
  section: string,
  heading: string = SECTION_HEADING,
): string {
  const start = document.indexOf(heading);
  const body = section.trimEnd();
  if (start === -1) return `${document.trimEnd()}\n\n${body}\n`;
  const next = document.indexOf('\n## ', start + heading.length);
  const before = document.slice(0, start).trimEnd();
  const after = next === -1 ? '' : document.slice(next).trimStart();
  return `${before}\n\n${body}\n${after === '' ? '' : `\n${after}`}`;
}

export async function writeSection(
  section: string,
  heading: string = SECTION_HEADING,
): Promise<void> {
  const document = await readFile(RESULTS_FILE, 'utf8');
  await writeFile(RESULTS_FILE, replaceSection(document, section, heading));
}
