// Passkey ceremonies (WebAuthn) with @simplewebauthn/browser: register from a link, sign in.
import { startAuthentication, startRegistration } from '@simplewebauthn/browser'
import { api, ApiError } from '../lib/api'

type Options<T> = { challengeId: string; options: T }
type RegistrationOptions = Parameters<typeof startRegistration>[0]['optionsJSON']
type AuthenticationOptions = Parameters<typeof startAuthentication>[0]['optionsJSON']

const ceremony = async <T>(run: () => Promise<T>): Promise<T> => {
  try {
    return await run()
  } catch (err) {
    if (err instanceof ApiError) throw err
    throw new ApiError('webauthn', err instanceof Error ? err.message : '')
  }
}

export async function registerPasskey(token: string, displayName: string, sessionName = '') {
  const { challengeId, options } = await api<Options<RegistrationOptions>>(
    '/api/passkeys/register/options',
    { body: { token, displayName } },
  )
  const response = await ceremony(() => startRegistration({ optionsJSON: options }))
  await api('/api/passkeys/register/verify', {
    body: { token, displayName, sessionName, challengeId, response },
  })
}

export async function signInWithPasskey() {
  const { challengeId, options } = await api<Options<AuthenticationOptions>>(
    '/api/passkeys/login/options',
    { body: {} },
  )
  const response = await ceremony(() => startAuthentication({ optionsJSON: options }))
  await api('/api/passkeys/login/verify', { body: { challengeId, response } })
}
