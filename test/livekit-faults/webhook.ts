// Signs LiveKit webhooks the way LiveKit does, for WebhookReceiver: the Authorization header is a
// JWT of the API key whose `sha256` claim is the base64 SHA-256 of the body. Runs in Node and workerd.
import { AccessToken, WebhookEvent } from 'livekit-server-sdk'

/** The event names LiveKit sends (participant_joined, participant_left, room_finished, ...). */
export type WebhookEventName = WebhookEvent['event']

/** The JSON body of a webhook event about one room (and one participant), as LiveKit posts it. */
export function webhookBody(event: WebhookEventName, room: string, identity?: string): string {
  const message = new WebhookEvent({
    id: `EV_${crypto.randomUUID().replace(/-/g, '').slice(0, 12)}`,
    createdAt: BigInt(Math.floor(Date.now() / 1000)),
    room: { name: room, sid: `RM_${room.slice(0, 12)}` },
    ...(identity ? { participant: { identity, sid: `PA_${identity.slice(0, 12)}` } } : {}),
  })
  // The SDK's WebhookEvent constructor resets `event` after initializing: set it afterwards.
  message.event = event
  return message.toJsonString()
}

export async function sha256Base64(body: string): Promise<string> {
  const hash = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body))
  let binary = ''
  for (const b of new Uint8Array(hash)) binary += String.fromCharCode(b)
  return btoa(binary)
}

/** The Authorization header value LiveKit sends with `body`. */
export async function signWebhook(
  body: string,
  apiKey: string,
  apiSecret: string,
): Promise<string> {
  const token = new AccessToken(apiKey, apiSecret, { ttl: '5m' })
  token.sha256 = await sha256Base64(body)
  return token.toJwt()
}
