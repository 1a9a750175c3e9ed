// The media code fetched while she is still on the join screen, once she picks video or audio:
// ./media, the media panel and livekit-client (with the strings they show), so pressing Join waits
// for no download or script start on the way to the device check and the first face. Never for
// text-only: this runs only on her choice of video or audio (a later switch to text costs nothing
// more than the download).
import type { useApp } from '../app/store'

type App = ReturnType<typeof useApp>

let started: Promise<unknown> | undefined

/** Starts once; a failure is forgotten, so Join tries again and says so as before. */
export function preloadMedia(app: App): void {
  started ??= Promise.all([
    import('./media'),
    import('../media/MediaPanel'),
    import('../media/livekit'),
    app.need('media'),
  ]).catch(() => (started = undefined))
}
