// Specs to start from on the submit page, taken from README.md ("Use it with curl", "Hyperparameter studies").

export const EXAMPLES = [
  {
    title: 'Job: small MLP on the shipped subset (seconds)',
    kind: 'job',
    spec: {
      name: 'small-mlp',
      dataset: { id: 'fashion-mnist-small', validation: 0.2 },
      model: { layers: [{ units: 64 }] },
      optimizer: { type: 'adam', lr: 0.001 },
      epochs: 5,
    },
  },
  {
    title: 'Job: the canonical Fashion-MNIST MLP (needs the full dataset)',
    kind: 'job',
    spec: {
      name: 'fashion-mlp',
      dataset: { id: 'fashion-mnist', validation: 'test' },
      model: { layers: [
        { type: 'dense', units: 256, activation: 'relu', dropout: 0.2 },
        { type: 'dense', units: 256, activation: 'relu', dropout: 0.5 }] },
      loss: { type: 'cross_entropy' },
      optimizer: { type: 'sgd', lr: 0.5, momentum: 0.0, weightDecay: 0.0 },
      schedule: { type: 'constant' },
      epochs: 10, batchSize: 256, seed: 42, device: 'auto',
    },
  },
  {
    title: 'Job: regularized, scheduled regression',
    kind: 'job',
    spec: {
      dataset: { id: 'synthetic-linear' },
      model: { layers: [], init: { type: 'normal', std: 1.0 } },
      loss: { type: 'mse' },
      optimizer: { type: 'sgd', lr: 0.003 },
      schedule: { type: 'cosine', tMax: 100, warmup: { epochs: 5 } },
      regularization: { l2: 3, earlyStopping: { monitor: 'validation_loss', patience: 10, restoreBest: true } },
      epochs: 100, batchSize: 5, seed: 1,
    },
  },
  {
    title: 'Job: broken on purpose (see how errors show)',
    kind: 'job',
    spec: {
      dataset: { id: 'fashion-mnist-small', validation: 0.2 },
      model: { layers: [{ units: 0 }] },
      optimizer: { type: 'sgd', lr: -0.1 },
      epochs: 0,
    },
  },
  {
    title: 'Study: staged random search with ASHA (about 20 s on 2 cores)',
    kind: 'study',
    spec: {
      name: 'fmnist-search',
      base: {
        dataset: { id: 'fashion-mnist-small', validation: 0.2 },
        model: { layers: [{ units: 256, dropout: 0.2 }, { units: 256, dropout: 0.5 }] },
        optimizer: { type: 'sgd', lr: 0.1, momentum: 0.9 }, epochs: 10, batchSize: 256, seed: 42,
      },
      space: {
        '/optimizer/lr': { type: 'loguniform', low: 1e-4, high: 1 },
        '/optimizer/weightDecay': { type: 'loguniform', low: 1e-6, high: 1e-2 },
        '/model/layers/1/dropout': { type: 'uniform', low: 0, high: 0.6 },
      },
      stages: [{ trials: 12, epochs: 1, keepTop: 4 }, { trials: 6, epochs: 4, keepTop: 2 }, { trials: 3, epochs: 10 }],
      pruner: { type: 'asha', minEpochs: 1, reductionFactor: 3 },
      repeat: { seeds: 3 }, maxConcurrentTrials: 2, seed: 7,
    },
  },
];
