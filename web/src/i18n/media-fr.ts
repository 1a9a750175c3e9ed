// Chaînes françaises de la vidéo et de l’audio dans la salle : chargées avec le code des médias
// (room/media-loader.ts), jamais sur le chemin texte seulement. Le type oblige à fournir chaque clé
// de media-en.ts.
import type { MediaKey } from './media-en'

export const mediaFr: Record<MediaKey, string> = {
  err_media_unavailable:
    'La vidéo et l’audio ne sont pas configurés sur ce serveur. Le texte fonctionne.',
  err_media_failed: 'La vidéo et l’audio sont indisponibles pour l’instant. Le texte fonctionne.',
  stage: 'Vidéo et audio',
  mediaConnecting: 'Connexion de la vidéo et de l’audio…',
  audioBlocked: 'Votre navigateur retient le son du groupe jusqu’à ce que vous touchiez l’écran.',
  startAudio: 'Touchez pour entendre le groupe',
  mediaDevices: 'Havre n’a pas pu utiliser votre caméra ou votre micro. Le texte fonctionne.',
  e2eeUnsupported:
    'Ce navigateur ne peut pas chiffrer la vidéo et l’audio : Havre ne les enverra pas. Vous pouvez participer par texte.',
  useText: 'Continuer par texte seulement',
  showInterpreter: 'Afficher l’interprète',
  offer_audio: 'Votre connexion est faible. Passer à l’audio seulement ?',
  offer_text: 'Votre connexion est faible. Passer au texte seulement ?',
  offerUp_video: 'Votre connexion s’est améliorée. Revenir à la vidéo ?',
  offerUp_audio: 'Votre connexion s’est améliorée. Revenir à l’audio ?',
  switchNow: 'Changer',
  notNow: 'Pas maintenant',
  mod_muted_microphone: 'Une personne de l’animation a coupé votre micro.',
  mod_muted_camera: 'Une personne de l’animation a fermé votre caméra.',
  mod_publishing_stopped: 'Une personne de l’animation a arrêté votre vidéo et votre audio. Le clavardage fonctionne toujours.',
}
