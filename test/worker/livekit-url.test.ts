// The LIVEKIT_URL forms that work from a deployed Worker, and those refused at start-up (media off,
// said in the log) rather than failing for a survivor mid-session.
import { describe, expect, it } from 'vitest'
import { checkLivekitUrl } from '../../worker/livekit/url-check'

describe('checkLivekitUrl', () => {
  it.each([
    ['wss://havre.livekit.cloud', { ok: true, local: false }],
    ['wss://media.example.org:7443', { ok: true, local: false }],
    ['https://media.example.org', { ok: true, local: false }],
    ['wss://media.example.org/', { ok: true, local: false }],
    ['ws://127.0.0.1:7880', { ok: true, local: true }],
    ['ws://localhost:7880', { ok: true, local: true }],
    ['ws://[::1]:7880', { ok: true, local: true }],
  ])('%s works', (url, verdict) => {
    expect(checkLivekitUrl(url)).toEqual(verdict)
  })

  it.each([
    ['ws://media.example.org', /not encrypted/],
    ['http://192.0.2.10:7880', /not encrypted/],
    ['media.example.org', /not a URL/],
    ['ftp://media.example.org', /must start with wss/],
    ['wss://media.example.org/rtc', /server root/],
    ['wss://user:pw@media.example.org', /server root/],
    ['wss://media.example.org?x=1', /server root/],
  ])('%s is refused with a reason', (url, reason) => {
    const verdict = checkLivekitUrl(url)
    expect(verdict.ok).toBe(false)
    if (!verdict.ok) expect(verdict.problem).toMatch(reason)
  })
})
