/**
 * The library side of `@nn/names`: its data, model and baseline, for whoever must train exactly
 * what `pnpm names` trains (the benchmark does). The command itself is `src/cli.ts`.
 */
export { Bigram } from './bigram';
export {
  ALPHABET,
  BOUNDARY,
  CLASSES,
  character,
  loadNames,
  longest,
  nameIds,
  PADDING,
  splitNames,
  toSequence,
  VOCABULARY,
} from './data';
export {
  buildNamesModel,
  checkNamesModel,
  lossPerCharacter,
  NAMES_DEFAULTS,
  NAMES_MODEL,
  type NamesEpoch,
  type NamesHooks,
  type NamesModelSize,
  type NamesSettings,
  sampleNames,
  toSequences,
  trainNames,
} from './model';
