// Strings of a short chat link's way in and of a code word, in both languages: merged into the
// dictionary only for a seat that needs them (a chat session, or a link that asks for a code word),
// so a group session's page never downloads them.
const en = {
  chatJoinTitle: 'Before the conversation',
  chatConsent: 'I have read the limits of confidentiality, and I want to start the conversation.',
  needChatConsent: 'Please confirm you have read the limits of confidentiality.',
  chatRoomTitle: 'Conversation',
  chatEnded: 'This conversation has ended.',
  availableAgain: 'When an advocate is available again:',
  codeWord: 'Code word (agreed with your advocate)',
  codeWordNote: 'Only the facilitators see it, to know it is you.',
  needCodeWord: 'Please type the code word agreed with your advocate.',
  linkExpiry: 'This conversation closes at {time} (in {n} minutes).',
}

export type ChatLinkKey = keyof typeof en

const fr: Record<ChatLinkKey, string> = {
  chatJoinTitle: 'Avant la conversation',
  chatConsent: 'J’ai lu les limites de la confidentialité et je veux commencer la conversation.',
  needChatConsent: 'Veuillez confirmer que vous avez lu les limites de la confidentialité.',
  chatRoomTitle: 'Conversation',
  chatEnded: 'Cette conversation est terminée.',
  availableAgain: 'Quand une intervenante sera de nouveau disponible :',
  codeWord: 'Mot de code (convenu avec votre intervenante)',
  codeWordNote: 'Seule l’animation le voit, pour savoir que c’est bien vous.',
  needCodeWord: 'Veuillez taper le mot de code convenu avec votre intervenante.',
  linkExpiry: 'Cette conversation se termine à {time} (dans {n} minutes).',
}

export const chatLink = { en, fr }
