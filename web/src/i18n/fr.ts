// Chaînes françaises que toute page peut afficher ; celles de certaines pages ou places seulement
// sont à part (i18n/index.ts). Le type Dict oblige à fournir chaque clé de en.ts.
import type { Key } from './en'

export type Dict = Record<Key, string>

export const fr: Dict = {
  loading: 'Chargement…',
  tryAgain: 'Réessayer',

  err_session_ended: 'Cette séance est terminée.',
  err_network: 'Le serveur est injoignable. Vérifiez votre connexion et réessayez.',
  err_rate_limited: 'Vous envoyez des messages trop vite. Attendez un instant.',
  err_forbidden: 'Seule une animatrice peut faire ceci.',
  err_unknown_seat: 'Cette place n’est plus valide.',
  err_replaced: 'Cette séance a été ouverte dans un autre onglet ou une autre fenêtre.',
  err_missing_token: 'Ce lien est incomplet. Demandez-en un nouveau.',


  role_facilitator: 'animatrice',
  role_cofacilitator: 'co-animatrice',
  role_participant: 'participante',
  role_interpreter: 'interprète',
  role_observer: 'observatrice',

  joinTitle: 'Avant d’entrer',
  linkOnce:
    'Ce lien ne fonctionne qu’une fois, et l’ouverture de cette page l’a utilisé. Gardez cet onglet ouvert : le recharger garde votre place, mais le lien ne s’ouvrira plus dans un autre onglet ou une autre fenêtre.',
  agreementTitle: 'Entente de groupe',
  limitsTitle: 'La confidentialité et ses limites',
  limitsNone: 'Ce que vous dites ici reste dans la séance.',
  safetyTitle: 'Votre sécurité',
  safety1:
    'Une personne près de vous pourrait entendre ou lire ce qui se passe ici. Choisissez un endroit privé si vous le pouvez.',
  safety2:
    'Cette page peut apparaître dans l’historique de votre navigateur. La sortie rapide la quitte aussitôt.',
  safety3:
    'Havre ne garde rien sur vous sauf le pseudonyme que vous choisissez, et seulement pendant la séance. Les messages sont chiffrés et jamais conservés.',
  pseudonym: 'Pseudonyme (pas votre vrai nom)',
  consent: 'J’ai lu l’entente de groupe et les limites de la confidentialité, et je les accepte.',
  modeLegend: 'Comment voulez-vous participer ?',
  mode_text: 'Texte seulement',
  mode_video: 'Vidéo',
  mode_audio: 'Audio seulement',
  mediaOff: 'La vidéo et l’audio ne sont pas configurés sur ce serveur.',
  mediaOn: 'La vidéo et l’audio sont chiffrés de bout en bout. Vous pouvez changer en tout temps.',
  join: 'Entrer',
  needPseudonym: 'Veuillez choisir un pseudonyme.',
  needConsent: 'Veuillez accepter l’entente de groupe pour entrer.',
  badPseudonym: 'Ce pseudonyme contient des caractères impossibles à afficher, ou il est trop long.',

  roomTitle: 'Séance',
  people: 'Personnes présentes',
  you: '(vous)',
  offline: '(hors ligne)',
  chat: 'Clavardage',
  chatLogLabel: 'Messages du clavardage',
  noMessages: 'Aucun message pour l’instant.',
  historyNote:
    'Les messages d’avant le rechargement de cette page ne sont pas affichés : Havre ne les conserve pas, c’est voulu.',
  message: 'Message',
  send: 'Envoyer',
  undecryptable: 'un message n’a pas pu être déchiffré',
  someone: 'quelqu’un',
  facilitatorAway:
    'La connexion de l’animatrice a été perdue. La séance se terminera dans {n} s si elle ne revient pas.',
  connecting: 'Connexion…',
  reconnecting: 'Connexion perdue. Reconnexion…',
  joined: '{name} est dans la séance.',
  left: '{name} a quitté la séance.',
  discreet: 'Titre d’onglet neutre',
  neutralTitle: 'Météo',

  // Vidéo et audio (ce que la salle en montre se charge avec le code des médias : media-fr.ts)
  modeNow: 'Participer par',

  // Salle d'attente, entente et avis, outils de sécurité dans la salle
  raiseHand: 'Lever la main',
  lowerHand: 'Baisser la main',
  handRaised: 'main levée',
  alertButton: 'Prévenir l’animation en privé',
  alert_step_away: 'Je dois m’absenter',
  alert_not_safe: 'Je ne me sens pas en sécurité',
  alertSent: 'L’animation a été prévenue.',
  alertKept: 'Personne de l’animation n’est encore là ; on le verra dès son arrivée.',
  dismiss: 'Fermer',
  // Un changement de langue qui n’a pas pu se charger (hors ligne) : dit dans la langue qu’elle a.
  langFailed: 'La page n’a pas pu passer à l’anglais. Vérifiez votre connexion, puis réessayez.',
  chatOff: 'L’animation a fermé le clavardage pour le moment.',
  err_chat_disabled: 'L’animation a fermé le clavardage pour le moment.',
  err_in_lobby: 'Attendez qu’une personne de l’animation vous fasse entrer.',
  // Séances jeunesse (leurs autres chaînes se chargent avec elles : i18n/youth.ts)
  err_unsupervised: 'Deux adultes doivent être présents avant de faire entrer des jeunes.',

  err_no_private_messages: 'Les séances jeunesse n’ont aucun message privé.',
}
