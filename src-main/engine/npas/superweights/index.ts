// SuperWeight Networks (superweights.md): template banks per (cluster, width level) shared by
// every ensemble member, layers assembled from coefficient-weighted templates by concatenation
// and cropping, gradient-based cluster search, coefficient unsharing, ensembles and anytime
// prediction. How a run uses it:
//
// 1. config = superWeightsConfig(partial); validateSuperWeightsConfig(config, training.epochs).
//    Members: config.members (parseMembers('28x7,28x4')) built by the registry, or [run arch].
// 2. Ledger / `npas inspect`: superWeightsAccounting(archs, { ...config, coefficients: 'perLayer' }).
// 3. Without a search (config.search.epochs 0): set = createSuperWeights(archs, config, seed);
//    one Model per member with set.members[m]; loss = Σ_m CE(logits_m); optimise set.parameters
//    plus every Model's batch norms (coefficients have decay false).
// 4. With a search: pretrain `search.epochs` with coefficients 'perBank' (depth bins), then
//    grads = collectLayerGradients(set, forwards, firstBatch) in inference mode;
//    result = searchSharing(archs, { bins: depthBins, gradients: grads, depths }, config);
//    dispose the pretraining models and build the main phase from scratch with a new seed:
//    createSuperWeights(archs, { ...config, coefficients: 'perLayer' }, seed', result.sharing).
//    Store result.sharing with the run.
// 5. Unsharing: after each epoch e with isUnshareEpoch(config.unshare, e):
//    g = accumulateCoefficientGradients(set, forwards, oneEpochOfBatches);
//    { added } = unshareCoefficients(set, g, config.unshare.threshold); add `added` to the
//    optimizer (no decay). Models built earlier keep their parameter lists: re-read them.
// 6. Evaluation: evaluateEnsemble(memberLogits, labels, classes); anytime: memberMacs,
//    memberSubsets, subsetAccuracy, subsetTimes.
export * from './accounting';
export * from './allocation';
export * from './anytime';
export * from './assembly';
export * from './clusterSearch';
export * from './config';
export * from './createSuperWeights';
export * from './depthBins';
export * from './ensembleMetrics';
export * from './layerGradients';
export * from './plan';
export * from './presets';
export * from './priorityQueue';
export * from './similarity';
export * from './unsharing';
export * from './widthLevels';
