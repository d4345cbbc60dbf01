// Run bundles: a run as self-contained files (written on cluster nodes), imported into a store.
export * from './bundleFormat';
export { trainIntoBundle, type BundleTrainingResult } from './trainIntoBundle';
export { readBundle, type BundleContents } from './readBundle';
export {
  importBundle,
  importBundles,
  type ImportedBundle,
  type ImportReport,
} from './importBundle';
export { readManifest } from './manifestFile';
