// Never a dead end: the organization's other ways to get help, wherever a link cannot open or a
// session is over. The list itself (./HelpList) loads only on those screens, not on the way in.
import { lazyView } from '../lib/lazy-view'

export const HelpContacts = lazyView(() => import('./HelpList'))
