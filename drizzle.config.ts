// drizzle-kit: generates SQL migrations from worker/db/schema.ts into flat migrations/ for wrangler.
import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'sqlite',
  schema: './worker/db/schema.ts',
  out: './migrations',
  migrations: { prefix: 'index' },
})
