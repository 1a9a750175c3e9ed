// The organization's defaults before an admin changes them: the guides' group agreement and notice.
export const DEFAULT_ORG = {
  agreementEn: [
    'No recording: no audio, video, photos or screenshots of the group.',
    'Confidentiality: what is said here stays here; do not share who was here or what they said.',
    'Do not save or write down other members\u2019 names or words.',
    'Use a pseudonym, and respect each person\u2019s pace: no pressure to speak or share.',
    'Be in a private place if you can, and use quick exit if you need to leave at once.',
  ].join('\n'),
  agreementFr: [
    'Aucun enregistrement : ni audio, ni vidéo, ni photo, ni capture d\u2019écran du groupe.',
    'Confidentialité : ce qui se dit ici reste ici ; ne dites pas qui était là ni ce qui a été dit.',
    'Ne conservez ni n\u2019écrivez les noms ou les propos des autres membres.',
    'Utilisez un pseudonyme et respectez le rythme de chacune : aucune obligation de parler.',
    'Installez-vous dans un endroit privé si possible; utilisez la sortie rapide au besoin.',
  ].join('\n'),
  noticeEn:
    'Facilitators must report to child protection services if a child may be in danger, and act if someone is at immediate risk of harm.',
  noticeFr:
    'Les animatrices doivent signaler à la protection de la jeunesse tout enfant qui pourrait être en danger, et agir si une personne court un danger immédiat.',
  quickExitUrl: 'https://www.google.com/search?q=weather',
  graceSeconds: 20,
  maxGroupSize: 12,
  helpContacts: [] as { label: string; value: string }[],
  retentionDays: 7,
  availableAgainEn: '',
  availableAgainFr: '',
}
