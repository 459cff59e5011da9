// Plain French words for what planners write in codes: the doctors of a specialty (« médecins
// généralistes », not « MG »), with French agreement of a count. Their home is the engine's lever words
// (workers/engine/levers/words.ts), shared with the lever kinds' map marks.
export { doctorsPlural, doctorsWord } from '../workers/engine/levers/words';
