// English strings for facilitators and co-facilitators in the room (the lobby, moderation, ending):
// a chunk loaded for a moderator's seat and on staff pages only, merged into the dictionary, so a
// participant's page never downloads it. Every key here must also exist in facilitator-fr.ts.
export const facilitatorEn = {
  // A mute, camera off or stop LiveKit refused: about the member; the facilitator's own media stays up.
  err_moderation_failed:
    'That could not be applied: the person may not be in the video call right now. Their media is unchanged; try again in a moment.',
  backToConsole: 'Back to the console',
  remove: 'Remove',
  removeLabel: 'Remove {name}',
  endSession: 'End session for everyone',
  endConfirmQ:
    'End the session for everyone now? Everybody will be disconnected and all links stop working.',
  endConfirm: 'Yes, end it now',
  cancel: 'Cancel',
  muteMic: 'Mute',
  muteMicLabel: 'Mute the microphone of {name}',
  cameraOff: 'Camera off',
  cameraOffLabel: 'Camera off for {name}',
  stopPublishing: 'Stop media',
  stopPublishingLabel: 'Stop media from {name}: no more video or audio',
  spotlight: 'Spotlight',
  spotlightLabel: 'Spotlight {name} — show large for everyone',
  lobbyTitle: 'Waiting in the lobby ({n})',
  lobbyArrived: '{name} is waiting in the lobby.',
  codeWordIs: 'code word:',
  admit: 'Admit',
  admitLabel: 'Admit {name}',
  turnAway: 'Turn away',
  turnAwayLabel: 'Turn away {name}',
  lowerAllHands: 'Lower all hands',
  alertsTitle: 'Private alerts',
  alertFrom_step_away: '{name} needs to step away.',
  alertFrom_not_safe: '{name} does not feel safe.',
  dismissLabel: 'Dismiss: {text}',
  chatTurnOff: 'Turn chat off',
  chatTurnOn: 'Turn chat on',
  chatOffModerator: 'The chat is off for participants.',
  delete: 'Delete',
  deleteLabel: 'Delete the message from {name}',
  deleteRule: 'Rule broken',
  noRule: 'No rule named',
  ruleN: 'Rule {n}',
  deleteConfirm: 'Delete for everyone',
} as const

export type FacilitatorKey = keyof typeof facilitatorEn
