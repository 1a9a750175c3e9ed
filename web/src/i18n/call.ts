// Strings of the call itself (own microphone and camera, the device check, who speaks, screen
// share), in both languages: loaded only with the media chunk, never on the text-only path.
import type { Lang } from './index'

const en = {
  mute: 'Mute',
  unmute: 'Unmute',
  cameraStop: 'Stop camera',
  cameraStart: 'Start camera',
  shareScreen: 'Share screen',
  stopShare: 'Stop sharing',
  sharing: 'You are sharing your screen.',
  screenOf: 'Screen shared by {name}',
  shortcut: 'Shortcut: {keys}',
  callControls: 'Your microphone and camera',
  mutedBadge: 'muted',
  cameraOffBadge: 'camera off',
  audioOnlyTile: 'audio only',
  speaking: 'speaking',
  speakingNow: '{name} is speaking',
  youAreMuted: 'You are muted. Unmute to be heard.',
  devices: 'Devices',
  devicesTitle: 'Camera, microphone and speaker',
  checkTitle: 'Check your camera and microphone',
  checkIntro:
    'Nobody sees or hears you yet. Your microphone and camera stay off unless you turn them on.',
  preview: 'Your camera, as others will see it',
  micLevel: 'Microphone level',
  testSound: 'Play a test sound',
  testPlaying: 'Playing the test sound…',
  camera: 'Camera',
  microphone: 'Microphone',
  speaker: 'Speaker',
  startWithMic: 'Microphone on when I join',
  startWithCamera: 'Camera on when I join',
  joinCall: 'Join the call',
  askingDevices: 'Your browser may ask to use your camera and microphone.',
  denied:
    'Your browser did not allow the camera or microphone. Allow them in the site settings (the icon left of the address), then press Try again. You can still listen and use the chat.',
  noDevice:
    'No camera or microphone was found. Connect one, then press Try again. You can still listen and use the chat.',
  retryDevices: 'Try again',
}

export type CallKey = keyof typeof en

const fr: Record<CallKey, string> = {
  mute: 'Couper le micro',
  unmute: 'Rétablir le micro',
  cameraStop: 'Fermer la caméra',
  cameraStart: 'Ouvrir la caméra',
  shareScreen: 'Partager l’écran',
  stopShare: 'Arrêter le partage',
  sharing: 'Vous partagez votre écran.',
  screenOf: 'Écran partagé par {name}',
  shortcut: 'Raccourci : {keys}',
  callControls: 'Votre micro et votre caméra',
  mutedBadge: 'micro coupé',
  cameraOffBadge: 'caméra fermée',
  audioOnlyTile: 'audio seulement',
  speaking: 'parle',
  speakingNow: '{name} parle',
  youAreMuted: 'Votre micro est coupé. Rétablissez-le pour qu’on vous entende.',
  devices: 'Appareils',
  devicesTitle: 'Caméra, micro et haut-parleur',
  checkTitle: 'Vérifiez votre caméra et votre micro',
  checkIntro:
    'Personne ne vous voit ni ne vous entend encore. Votre micro et votre caméra restent fermés à moins que vous les ouvriez.',
  preview: 'Votre caméra, comme les autres la verront',
  micLevel: 'Niveau du micro',
  testSound: 'Faire jouer un son d’essai',
  testPlaying: 'Son d’essai en cours…',
  camera: 'Caméra',
  microphone: 'Micro',
  speaker: 'Haut-parleur',
  startWithMic: 'Micro ouvert en entrant',
  startWithCamera: 'Caméra ouverte en entrant',
  joinCall: 'Rejoindre l’appel',
  askingDevices: 'Votre navigateur peut demander la permission d’utiliser la caméra et le micro.',
  denied:
    'Votre navigateur n’a pas permis la caméra ou le micro. Permettez-les dans les paramètres du site (l’icône à gauche de l’adresse), puis appuyez sur Réessayer. Vous pouvez quand même écouter et écrire dans le clavardage.',
  noDevice:
    'Aucune caméra ni aucun micro n’a été trouvé. Branchez-en un, puis appuyez sur Réessayer. Vous pouvez quand même écouter et écrire dans le clavardage.',
  retryDevices: 'Réessayer',
}

export const callDict: Record<Lang, Record<CallKey, string>> = { en, fr }
