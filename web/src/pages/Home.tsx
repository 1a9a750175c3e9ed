// Home: one line about Havre and the way in for staff.
import { TopBar } from '../app/TopBar'
import { useApp } from '../app/store'

export default function Home() {
  const app = useApp()
  return (
    <>
      <TopBar />
      <main class="page narrow">
        <h1>Havre</h1>
        <p>{app.t('homeLine')}</p>
        <p>
          <a href="/staff" data-testid="staff-link">
            {app.t('staffLink')}
          </a>
        </p>
      </main>
    </>
  )
}
