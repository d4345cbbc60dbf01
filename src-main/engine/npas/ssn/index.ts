// Shapeshifter Networks (ssn.md): configuration, pure accounting, the weight provider, the
// learned-groups search and materialisation. Import from here.
export type {
  SsnCombiner,
  SsnConfig,
  SsnConfigInput,
  SsnGroupMode,
  SsnGroups,
  SsnInit,
  SsnSearchConfig,
  SsnUpsampler,
} from './config';
export {
  SSN_COMBINERS,
  SSN_DEFAULTS,
  SSN_GROUP_MODES,
  SSN_INITS,
  SSN_UPSAMPLERS,
  budgetFromFraction,
  ssnConfig,
} from './config';
export { validateSsnConfig } from './validateSsnConfig';
export { accountingFromPlan, searchAccounting, ssnAccounting } from './ssnAccounting';
export { planSearch, planSsn, planWithGroups, SEARCH_TEMPLATES } from './planSsn';
export type { SsnGroupPlan, SsnLayerPlan, SsnPlan, SsnResize } from './planTypes';
export { layerGroups, randomGroups } from './layerGroups';
export { manualGroups } from './manualGroups';
export type { SsnProvider } from './createSsnProvider';
export { createSearchProvider, createSsnProvider, providerFromPlan } from './createSsnProvider';
export { learnGroups, searchFeatures } from './learnGroups';
export { kmeans } from './kmeans';
export type { MaterialisedLayer } from './materialise';
export { materialise, materialiseLayers } from './materialise';
export { interUpsample, maskUpsample, repeatUpsample, wavgUpsample } from './upsamplers';
export { bilinearResize } from './bilinearResize';
