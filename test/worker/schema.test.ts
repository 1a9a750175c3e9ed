// D1 can hold nothing about a survivor: no column for a pseudonym, address, user agent or message.
import { env } from 'cloudflare:test'
import { expect, it } from 'vitest'

it('no D1 column can hold a pseudonym, IP address, user agent or message', async () => {
  const tables = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name != 'd1_migrations'",
  ).all<{ name: string }>()
  const names = tables.results.map((t) => t.name).sort()
  expect(names).toEqual(
    [
      'auth_challenges',
      'invites',
      'org_settings',
      'passkeys',
      'sessions',
      'staff',
      'staff_invites',
      'staff_sessions',
    ].sort(),
  )
  for (const { name } of tables.results) {
    const cols = await env.DB.prepare(`PRAGMA table_info(${name})`).all<{ name: string }>()
    for (const col of cols.results) {
      const words = col.name.toLowerCase().split('_')
      const forbidden = ['pseudonym', 'nickname', 'ip', 'address', 'addr', 'agent', 'ua', 'message', 'chat', 'content', 'email', 'phone', 'alert']
      expect(words.filter((w) => forbidden.includes(w)), `${name}.${col.name}`).toEqual([])
      expect(col.name, 'the code word itself is never stored').not.toBe('code_word')
    }
  }
})
