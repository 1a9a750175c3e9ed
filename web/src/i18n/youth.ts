// Strings for supervised youth sessions, in both languages: a small chunk loaded only in youth
// sessions (and by the facilitator's youth tools), so group sessions never download it.
import type { Lang } from './index'

const en = {
  waitingAdults: 'The session starts once two adults are here. A facilitator will then let you in.',
  supervisionNotice:
    'Fewer than two adults are present: youth video and audio are paused. The session will end in {n} s unless another adult joins.',
  endedUnsupervised: 'The session ended because fewer than two adults were present.',
  cameraWaiting: 'Camera off until a facilitator allows it.',
  cameraAllowed: 'A facilitator has allowed your camera.',
  watching: 'Who is watching:',
  pseudonymHint: 'Choose a pseudonym that is different from your name on social media.',
  adultsPresent: 'Adults present: {n}. Youth can be admitted only when two adults are here.',
  allowCamera: 'Allow camera',
  withdrawCamera: 'Withdraw camera',
  allowCameraLabel: 'Allow camera for {name}',
  withdrawCameraLabel: 'Withdraw camera from {name}',
}

export type YouthKey = keyof typeof en

const fr: Record<YouthKey, string> = {
  waitingAdults:
    'La séance commence quand deux adultes sont là. Une personne de l’animation vous fera alors entrer.',
  supervisionNotice:
    'Moins de deux adultes sont présents : la vidéo et l’audio des jeunes sont en pause. La séance prendra fin dans {n} s si aucun autre adulte n’arrive.',
  endedUnsupervised: 'La séance a pris fin parce que moins de deux adultes étaient présents.',
  cameraWaiting: 'Caméra fermée tant qu’une personne de l’animation ne l’a pas permise.',
  cameraAllowed: 'Une personne de l’animation a permis votre caméra.',
  watching: 'Qui regarde :',
  pseudonymHint: 'Choisissez un pseudonyme différent de votre nom sur les médias sociaux.',
  adultsPresent:
    'Adultes présents : {n}. Les jeunes ne peuvent être admis qu’en présence de deux adultes.',
  allowCamera: 'Permettre la caméra',
  withdrawCamera: 'Retirer la caméra',
  allowCameraLabel: 'Permettre la caméra de {name}',
  withdrawCameraLabel: 'Retirer la caméra de {name}',
}

export const youthDict: Record<Lang, Record<YouthKey, string>> = { en, fr }
