// The media side of the room (a lazy chunk, without livekit-client): the media notices, the
// device check before joining the call, one's own call controls, the devices panel and the stage.
import { Show } from 'solid-js'
import { CallBar } from './CallBar'
import { StageContext, stageOf, type MediaPanelProps } from './context'
import { DeviceCheck } from './DeviceCheck'
import { DevicesPanel } from './DevicesPanel'
import { MediaNotices } from './MediaNotices'
import { SpeakerAnnouncer } from './SpeakerAnnouncer'
import { Stage } from './Stage'
import './stage.css'

export { default as RosterMedia } from './RosterMedia'

export default function MediaPanel(props: MediaPanelProps) {
  const s = props.media.state
  const call = props.media.call.state
  return (
    <StageContext.Provider value={stageOf(props)}>
      <MediaNotices />
      <Show when={s.mode !== 'text' && s.status !== 'error'}>
        {/* Anew when the grant changes (a youth's camera allowed or withdrawn). */}
        <Show when={call.checking && !s.publishingStopped && call.sources.join()} keyed>
          <DeviceCheck />
        </Show>
        <CallBar />
        <Show when={call.devicesOpen && !call.checking}>
          <DevicesPanel />
        </Show>
        <Stage />
        <SpeakerAnnouncer />
      </Show>
    </StageContext.Provider>
  )
}
