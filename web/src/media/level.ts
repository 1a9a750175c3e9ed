// Sound in and out without LiveKit: a microphone's level (Web Audio, read on demand, nothing
// recorded or sent) and the short test tone for the speaker check.

/** A level meter on a microphone track: `read()` gives 0..1; the track given is not changed. */
export function levelMeter(track: MediaStreamTrack) {
  // A copy of its own, so a muted (disabled) microphone can still tell "you are muted".
  const copy = track.clone()
  copy.enabled = true
  const ctx = new AudioContext()
  const analyser = ctx.createAnalyser()
  analyser.fftSize = 512
  ctx.createMediaStreamSource(new MediaStream([copy])).connect(analyser)
  const buf = new Float32Array(analyser.fftSize)
  return {
    source: track,
    read() {
      if (ctx.state === 'suspended') void ctx.resume()
      analyser.getFloatTimeDomainData(buf)
      let sum = 0
      for (const x of buf) sum += x * x
      // RMS of speech is about 0.02..0.3: spread it over 0..1.
      return Math.min(1, Math.sqrt(sum / buf.length) * 4)
    },
    stop() {
      copy.stop()
      void ctx.close()
    },
  }
}

export type LevelMeter = ReturnType<typeof levelMeter>

/** A short two-note chime on the chosen speaker (where the browser can pick one). */
export async function playTestSound(sinkId?: string) {
  const ctx = new AudioContext()
  const sink = ctx as AudioContext & { setSinkId?: (id: string) => Promise<void> }
  if (sinkId && sink.setSinkId) await sink.setSinkId(sinkId).catch(() => undefined)
  await ctx.resume()
  const gain = ctx.createGain()
  gain.connect(ctx.destination)
  const t = ctx.currentTime
  gain.gain.setValueAtTime(0.0001, t)
  gain.gain.exponentialRampToValueAtTime(0.3, t + 0.05)
  gain.gain.exponentialRampToValueAtTime(0.0001, t + 1.4)
  for (const [f, at] of [
    [660, 0],
    [880, 0.35],
  ] as const) {
    const osc = ctx.createOscillator()
    osc.frequency.value = f
    osc.connect(gain)
    osc.start(t + at)
    osc.stop(t + 1.4)
  }
  await new Promise((r) => setTimeout(r, 1500))
  await ctx.close()
}
