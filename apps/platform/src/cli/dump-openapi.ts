// npm run openapi:dump -- <file>: writes the OpenAPI document the api-client is generated from.
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { openApiDocument } from '../openapi-document.ts';

const target = process.argv[2];
if (!target) {
  console.error('usage: npm run openapi:dump -- <output.json>');
  process.exit(1);
}
const document = await openApiDocument();
await writeFile(resolve(target), `${JSON.stringify(document, null, 2)}\n`);
console.log(`OpenAPI document written to ${target}`);
