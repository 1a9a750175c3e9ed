// The staff console's texts for youth sessions, in both languages: the child-protection checklist
// for online sessions with youth (Canadian Centre for Child Protection), each question with how
// Havre answers it, and a short handout for youth and parents on what is and is not collected.
// A staff-only chunk: never on a participant's path.
import type { Lang } from '../i18n'

export type ChecklistItem = { id: string; question: string; answer: string }

type YouthStaffTexts = {
  checklistTitle: string
  checklistIntro: string
  items: ChecklistItem[]
  handoutTitle: string
  handoutIntro: string
  copyHandout: string
  copied: string
  /** The handout itself, plain text, ready to paste into an e-mail or a letter. */
  handout: string
}

const en: YouthStaffTexts = {
  checklistTitle: 'Child-protection checklist for this youth session',
  checklistIntro:
    'The questions of the checklist for online sessions with children and youth, and how Havre answers each one.',
  items: [
    {
      id: 'quick-close',
      question: 'Can you close a session quickly?',
      answer:
        '“End session for everyone” disconnects every person at once, deletes the video room and voids every link. Each young person also has Quick exit (the button, or Shift pressed three times).',
    },
    {
      id: 'personal-info',
      question: 'Can you limit the personal information youth share?',
      answer:
        'Pseudonyms only: no account, e-mail, phone number or profile picture. The join page asks for a pseudonym different from their social-media name. Havre keeps no pseudonym, IP address or message after the session; chat is encrypted end to end and never stored.',
    },
    {
      id: 'mute-camera',
      question: 'Can you mute participants and control cameras?',
      answer:
        'Facilitators mute microphones, turn cameras off and stop a person’s video and audio. Youth cameras stay off until a facilitator allows each one, and youth video and audio pause by themselves when fewer than two adults are present.',
    },
    {
      id: 'recording',
      question: 'Can you control recordings?',
      answer:
        'Recording is impossible in Havre: no one’s access allows it, Havre never starts a recording, and there is no download or export of chat or video. Havre cannot stop a screenshot or a second device: ask youth not to record.',
    },
    {
      id: 'chat',
      question: 'Can you disable the chat?',
      answer:
        'Facilitators turn the chat off and on and delete a message, naming the rule it broke. There are no private messages between participants, and a link typed in the chat is shown as plain text, never clickable.',
    },
    {
      id: 'access',
      question: 'Can you reserve the room for your participants?',
      answer:
        'Each person gets their own one-time link, spent the moment it is opened. Youth always wait in the lobby until a facilitator admits them, and only once two adults are present. Links can also ask for a code word.',
    },
    {
      id: 'nobody-stays',
      question: 'Can participants stay in the room after you leave?',
      answer:
        'No. When the last facilitator leaves, the session closes for everyone (at once when they end it, after a short grace if their connection drops). With fewer than two adults, the session ends after the same grace unless another adult joins.',
    },
    {
      id: 'transparency',
      question: 'Could a reasonable observer see the session is professional?',
      answer:
        'Observers are shown to everyone as observers, and the top of the room says who is watching: every facilitator and observer present.',
    },
  ],
  handoutTitle: 'For youth and parents',
  handoutIntro: 'A short text to send with the invitation, in both languages.',
  copyHandout: 'Copy the text',
  copied: 'Copied',
  handout: `About the online group on Havre

What Havre collects
- The pseudonym you choose. Everyone in the group sees it. It is forgotten when the session ends.
- How you take part (video, audio or text), for the length of the session.

What Havre does not collect
- No account, real name, e-mail, phone number, age or photo.
- No recording of video, audio or chat. Chat messages are encrypted and never stored.
- Havre keeps no internet address or device information. Like any website, the servers carrying the connection see your internet address while you are connected.

How the session is kept safe
- Two adults from the organization are always present. The top of the screen shows who is watching.
- Cameras stay off until a facilitator allows them. You can always take part by text only.
- The session closes for everyone when the adults leave.
- Quick exit (or Shift pressed three times) leaves the page at once.

What we ask of you
- Choose a pseudonym different from your name on social media.
- Do not record or take screenshots of the session.
- Join from a shared room of your home, not a bedroom or bathroom.
`,
}

const fr: YouthStaffTexts = {
  checklistTitle: 'Liste de vérification pour la protection des jeunes',
  checklistIntro:
    'Les questions de la liste pour les séances en ligne avec des enfants et des jeunes, et la réponse de Havre à chacune.',
  items: [
    {
      id: 'quick-close',
      question: 'Pouvez-vous fermer une séance rapidement au besoin?',
      answer:
        '« Terminer la séance pour tout le monde » déconnecte tout le monde d’un coup, supprime la salle vidéo et annule chaque lien. Chaque jeune a aussi la sortie rapide (le bouton, ou Maj trois fois).',
    },
    {
      id: 'personal-info',
      question: 'Pouvez-vous limiter les renseignements personnels que les jeunes partagent?',
      answer:
        'Des pseudonymes seulement : ni compte, ni courriel, ni numéro de téléphone, ni photo de profil. La page d’accès demande un pseudonyme différent de leur nom sur les médias sociaux. Havre ne garde aucun pseudonyme, adresse IP ni message après la séance; le clavardage est chiffré de bout en bout et jamais conservé.',
    },
    {
      id: 'mute-camera',
      question: 'Pouvez-vous mettre en sourdine et contrôler les caméras?',
      answer:
        'L’animation coupe les micros, ferme les caméras et arrête la vidéo et l’audio d’une personne. La caméra des jeunes reste fermée tant que l’animation ne la permet pas, une personne à la fois, et la vidéo et l’audio des jeunes se mettent en pause d’elles-mêmes quand moins de deux adultes sont présents.',
    },
    {
      id: 'recording',
      question: 'Pouvez-vous contrôler les enregistrements?',
      answer:
        'Enregistrer est impossible dans Havre : aucun accès ne le permet, Havre ne lance jamais d’enregistrement et rien ne se télécharge ni ne s’exporte (clavardage ou vidéo). Havre ne peut pas empêcher une capture d’écran ou un autre appareil : demandez aux jeunes de ne pas enregistrer.',
    },
    {
      id: 'chat',
      question: 'Pouvez-vous désactiver le clavardage?',
      answer:
        'L’animation ferme et rouvre le clavardage et supprime un message en nommant la règle enfreinte. Il n’y a pas de messages privés entre participants, et un lien écrit dans le clavardage s’affiche comme du texte, jamais cliquable.',
    },
    {
      id: 'access',
      question: 'Pouvez-vous réserver la salle à vos participants?',
      answer:
        'Chaque personne reçoit son propre lien à usage unique, utilisé dès qu’il est ouvert. Les jeunes attendent toujours en salle d’attente jusqu’à ce que l’animation les fasse entrer, et seulement quand deux adultes sont présents. Un lien peut aussi demander un mot de code.',
    },
    {
      id: 'nobody-stays',
      question: 'Les participants peuvent-ils rester dans la salle après votre départ?',
      answer:
        'Non. Quand la dernière personne de l’animation part, la séance se ferme pour tout le monde (tout de suite si elle la termine, après un court délai si sa connexion tombe). Avec moins de deux adultes, la séance se termine après le même délai si aucun autre adulte n’arrive.',
    },
    {
      id: 'transparency',
      question: 'Un observateur raisonnable jugerait-il la séance professionnelle?',
      answer:
        'Les observatrices et observateurs sont affichés comme tels pour tout le monde, et le haut de la salle indique qui regarde : chaque personne de l’animation et chaque observatrice présente.',
    },
  ],
  handoutTitle: 'Pour les jeunes et les parents',
  handoutIntro: 'Un court texte à envoyer avec l’invitation, dans les deux langues.',
  copyHandout: 'Copier le texte',
  copied: 'Copié',
  handout: `À propos du groupe en ligne sur Havre

Ce que Havre recueille
- Le pseudonyme que tu choisis. Tout le groupe le voit. Il est oublié à la fin de la séance.
- Ta façon de participer (vidéo, audio ou texte), pendant la séance seulement.

Ce que Havre ne recueille pas
- Ni compte, ni vrai nom, ni courriel, ni numéro de téléphone, ni âge, ni photo.
- Aucun enregistrement de la vidéo, de l’audio ou du clavardage. Les messages sont chiffrés et jamais conservés.
- Havre ne garde ni adresse Internet ni information sur ton appareil. Comme pour tout site Web, les serveurs qui transportent la connexion voient ton adresse Internet pendant que tu es connecté·e.

Comment la séance reste sécuritaire
- Deux adultes de l’organisme sont toujours présents. Le haut de l’écran montre qui regarde.
- Les caméras restent fermées tant que l’animation ne les permet pas. Tu peux toujours participer par texte seulement.
- La séance se ferme pour tout le monde quand les adultes partent.
- La sortie rapide (ou Maj trois fois) quitte la page tout de suite.

Ce qu’on te demande
- Choisis un pseudonyme différent de ton nom sur les médias sociaux.
- N’enregistre pas la séance et n’en fais pas de captures d’écran.
- Connecte-toi d’une pièce commune de la maison, pas d’une chambre ni d’une salle de bain.
`,
}

export const youthStaffTexts: Record<Lang, YouthStaffTexts> = { en, fr }
