// English strings of video and audio as the room shows them (the stage, its notices, a
// facilitator's media moderation told to the person): merged into the dictionary when the media
// code loads (room/media-loader.ts), so a text-only page never downloads them. Every key here must
// also exist in media-fr.ts.
export const mediaEn = {
  err_media_unavailable: 'Video and audio are not configured on this server. Text still works.',
  err_media_failed: 'Video and audio are unavailable right now. Text still works.',
  stage: 'Video and audio',
  mediaConnecting: 'Connecting video and audio…',
  audioBlocked: 'Your browser is holding back the group’s sound until you tap.',
  startAudio: 'Tap to hear the group',
  mediaDevices: 'Havre could not use your camera or microphone. Text still works.',
  e2eeUnsupported:
    'This browser cannot encrypt video and audio, so Havre will not send them. You can take part by text.',
  useText: 'Continue by text only',
  showInterpreter: 'Show the interpreter',
  offer_audio: 'Your connection is weak. Switch to audio only?',
  offer_text: 'Your connection is weak. Switch to text only?',
  offerUp_video: 'Your connection is better. Switch back to video?',
  offerUp_audio: 'Your connection is better. Switch back to audio?',
  switchNow: 'Switch',
  notNow: 'Not now',
  mod_muted_microphone: 'A facilitator muted your microphone.',
  mod_muted_camera: 'A facilitator turned off your camera.',
  mod_publishing_stopped: 'A facilitator stopped your video and audio. The chat still works.',
}

export type MediaKey = keyof typeof mediaEn
