// Video and audio on demand: a room starts text-only without the media code (./media, a chunk of
// its own), imported the first time someone picks video or audio or a media notice arrives, with
// the strings it shows (i18n/media-*.ts).
import { createSignal, getOwner, onCleanup, runWithOwner } from 'solid-js'
import { useApp } from '../app/store'
import type { Mode } from '../../../worker/protocol/roles'
import type { Member } from '../../../worker/protocol/messages'
import type { MediaFrame } from './connection'
import type { Media, MediaOptions, MediaState } from './media'

type Shown = Pick<MediaState, 'mode' | 'status' | 'moderated'>

/** What the room shows until ./media has loaded: text-only, nothing to say about media. */
const TEXT_ONLY: Shown = { mode: 'text', status: 'off', moderated: null }

export function createMediaLoader(o: MediaOptions) {
  const app = useApp()
  const owner = getOwner()
  const [media, setMedia] = createSignal<Media>()
  let loading: Promise<Media | undefined> | undefined
  let gone = false
  onCleanup(() => (gone = true))

  const load = () =>
    (loading ??= Promise.all([import('./media'), app.need('media')]).then(([m]) => {
      if (gone) return undefined
      const created = runWithOwner(owner, () => m.createMedia(o))
      setMedia(created)
      return created
    }))
  /** Runs once ./media is there (loading it if needed), in the order the calls came. */
  const withMedia = (fn: (m: Media) => void) => void load().then((m) => m && fn(m))
  if (o.initial !== 'text') void load()

  return {
    /** The media state and controls, once loaded (for the media panel). */
    loaded: media,
    get state(): Shown {
      return media()?.state ?? TEXT_ONLY
    },
    choose: (mode: Mode) => withMedia((m) => m.choose(mode)),
    welcome(configured: boolean, self: Member | undefined) {
      if (loading) return withMedia((m) => m.welcome(configured, self))
      // Text-only without the media code: settle the room's record of this seat on text too.
      if (self && self.mode !== 'text') o.send({ type: 'media', mode: 'text' })
    },
    frame(frame: MediaFrame) {
      // A token answers a choice (so the code is loaded); a moderation notice or a media error is
      // shown even to someone on text-only.
      if (loading || frame.type !== 'media') withMedia((m) => m.frame(frame))
    },
    stop() {
      const m = media()
      if (m) m.stop()
      else if (loading) withMedia((later) => later.stop())
    },
  }
}
