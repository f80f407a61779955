// npm run db:migrate — applies pending migrations as the owner role.
import { migrate } from '../migrate.ts';

const ownerUrl = process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL;
if (!ownerUrl) {
  console.error('Set DATABASE_OWNER_URL (owner role) to the database to migrate.');
  process.exit(1);
}
const result = await migrate(ownerUrl);
console.log(
  result.applied.length === 0
    ? `Database is up to date (${result.alreadyApplied} migrations).`
    : `Applied ${result.applied.length} migration(s): ${result.applied.join(', ')}`,
);
