// Chaînes françaises de l’animation dans la salle (salle d’attente, modération, fin de séance) :
// un morceau chargé seulement pour une place d’animation et sur les pages du personnel. Le type
// oblige à fournir chaque clé de facilitator-en.ts.
import type { FacilitatorKey } from './facilitator-en'

export const facilitatorFr: Record<FacilitatorKey, string> = {
  // A mute, camera off or stop LiveKit refused: about the member; the facilitator's own media stays up.
  err_moderation_failed:
    'Impossible d’appliquer cette action : la personne n’est peut-être pas dans l’appel vidéo en ce moment. Ses médias n’ont pas changé ; réessayez dans un instant.',
  backToConsole: 'Retour à la console',
  remove: 'Retirer',
  removeLabel: 'Retirer {name}',
  endSession: 'Terminer la séance pour tout le monde',
  endConfirmQ:
    'Terminer la séance pour tout le monde maintenant ? Tout le monde sera déconnecté et les liens ne fonctionneront plus.',
  endConfirm: 'Oui, terminer maintenant',
  cancel: 'Annuler',
  muteMic: 'Couper le micro',
  muteMicLabel: 'Couper le micro de {name}',
  cameraOff: 'Fermer la caméra',
  cameraOffLabel: 'Fermer la caméra de {name}',
  stopPublishing: 'Arrêter le média',
  stopPublishingLabel: 'Arrêter le média de {name} : plus de vidéo ni d’audio',
  spotlight: 'Mettre en vedette',
  spotlightLabel: 'Mettre en vedette {name} — afficher en grand pour tout le monde',
  lobbyTitle: 'En salle d’attente ({n})',
  lobbyArrived: '{name} attend dans la salle d’attente.',
  codeWordIs: 'mot de code :',
  admit: 'Faire entrer',
  admitLabel: 'Faire entrer {name}',
  turnAway: 'Refuser',
  turnAwayLabel: 'Refuser {name}',
  lowerAllHands: 'Baisser toutes les mains',
  alertsTitle: 'Alertes privées',
  alertFrom_step_away: '{name} doit s’absenter.',
  alertFrom_not_safe: '{name} ne se sent pas en sécurité.',
  dismissLabel: 'Fermer : {text}',
  chatTurnOff: 'Fermer le clavardage',
  chatTurnOn: 'Rouvrir le clavardage',
  chatOffModerator: 'Le clavardage est fermé pour les participantes.',
  delete: 'Supprimer',
  deleteLabel: 'Supprimer le message de {name}',
  deleteRule: 'Règle enfreinte',
  noRule: 'Aucune règle précisée',
  ruleN: 'Règle {n}',
  deleteConfirm: 'Supprimer pour tout le monde',
}
