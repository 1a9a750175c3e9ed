// English strings any page may show; those only some pages or seats need are parts of their own
// (i18n/index.ts). Every key here must also exist in fr.ts (checked by its type).
export const en = {
  loading: 'Loading…',
  tryAgain: 'Try again',

  // Errors from the server, by code
  err_session_ended: 'This session has ended.',
  err_network: 'The server could not be reached. Check your connection and try again.',
  err_rate_limited: 'You are sending messages too fast. Wait a moment.',
  err_forbidden: 'Only a facilitator can do this.',
  err_unknown_seat: 'This seat is not valid any more.',
  err_replaced: 'This session was opened in another tab or window.',
  err_missing_token: 'This link is incomplete. Ask for a new one.',


  // Roles
  role_facilitator: 'facilitator',
  role_cofacilitator: 'co-facilitator',
  role_participant: 'participant',
  role_interpreter: 'interpreter',
  role_observer: 'observer',

  // Join page
  joinTitle: 'Before you join',
  linkOnce:
    'This link works only once, and opening this page has used it. Keep this tab open: reloading it keeps your place, but the link will not open again in another tab or window.',
  agreementTitle: 'Group agreement',
  limitsTitle: 'Confidentiality and its limits',
  limitsNone: 'What you say here stays in the session.',
  safetyTitle: 'Your safety',
  safety1: 'Someone near you may hear or read what happens here. Choose a private place if you can.',
  safety2: 'This page can appear in your browser history. Quick exit leaves it at once.',
  safety3:
    'Havre keeps nothing about you except the pseudonym you choose, and only for the length of the session. Messages are encrypted and never stored.',
  pseudonym: 'Pseudonym (not your real name)',
  consent: 'I have read the group agreement and the limits of confidentiality, and I accept them.',
  modeLegend: 'How do you want to take part?',
  mode_text: 'Text only',
  mode_video: 'Video',
  mode_audio: 'Audio only',
  mediaOff: 'Video and audio are not configured on this server.',
  mediaOn: 'Video and audio are encrypted end to end. You can change this at any time.',
  join: 'Join',
  needPseudonym: 'Please choose a pseudonym.',
  needConsent: 'Please accept the group agreement to join.',
  badPseudonym: 'This pseudonym has characters that cannot be shown, or is too long.',

  // Room
  roomTitle: 'Session',
  people: 'People here',
  you: '(you)',
  offline: '(offline)',
  chat: 'Chat',
  chatLogLabel: 'Chat messages',
  noMessages: 'No messages yet.',
  historyNote:
    'Messages from before this page was reloaded are not shown: Havre does not keep them, by design.',
  message: 'Message',
  send: 'Send',
  undecryptable: 'a message could not be decrypted',
  someone: 'someone',
  facilitatorAway:
    'The facilitator’s connection dropped. The session will end in {n} s unless they return.',
  connecting: 'Connecting…',
  reconnecting: 'Connection lost. Reconnecting…',
  joined: '{name} joined.',
  left: '{name} left.',
  discreet: 'Neutral tab title',
  neutralTitle: 'Weather',

  // Video and audio (what the room shows of them loads with the media code: media-en.ts)
  modeNow: 'Take part by',

  // Lobby, agreement and notice, safety tools in the room
  raiseHand: 'Raise hand',
  lowerHand: 'Lower hand',
  handRaised: 'hand raised',
  alertButton: 'Tell a facilitator privately',
  alert_step_away: 'I need to step away',
  alert_not_safe: 'I don’t feel safe',
  alertSent: 'Your facilitator has been told.',
  alertKept: 'No facilitator is here yet; they will see it as soon as they arrive.',
  dismiss: 'Dismiss',
  // A language switch that could not load (offline): said in the language she still has.
  langFailed: 'The page could not switch to French. Check your connection, then try again.',
  chatOff: 'A facilitator has turned the chat off for now.',
  err_chat_disabled: 'A facilitator has turned the chat off for now.',
  err_in_lobby: 'Wait until a facilitator lets you in.',
  // Youth sessions (the rest of their strings load with them: i18n/youth.ts)
  err_unsupervised: 'Two adults must be present before youth are admitted.',

  err_no_private_messages: 'Youth sessions have no private messages.',
} as const

export type Key = keyof typeof en
