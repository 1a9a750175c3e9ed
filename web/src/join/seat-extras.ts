// The join page's pieces only some seats show: a short chat link's closing time and a code word
// field. One lazy chunk, fetched with the seat that needs it (JoinPage) before its first screen.
export { LinkExpiry } from './LinkExpiry'
export { CodeWordField } from './CodeWordField'
