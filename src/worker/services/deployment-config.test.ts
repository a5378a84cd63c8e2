import { describe, expect, it } from 'vitest';
import { parseDeploymentConfig } from './deployment-config.ts';

const NODE = '/ip4/127.0.0.1/tcp/60001/ws/p2p/16Uiu2HAmAR24Mbb6VuzoyUiGx42UenDkshENVDj4qnmmbabLvo31';

describe('parseDeploymentConfig', () => {
  it('accepts a local devnet config', () => {
    expect(parseDeploymentConfig({ defaultPreset: 'local-devnet', devnetNodes: [NODE] })).toEqual({
      defaultPreset: 'local-devnet',
      devnetNodes: [NODE],
    });
  });

  it('accepts the Status fleet with no devnet nodes', () => {
    expect(parseDeploymentConfig({ defaultPreset: 'status-fleet', devnetNodes: [] })).toEqual({
      defaultPreset: 'status-fleet',
      devnetNodes: [],
    });
  });

  it.each([
    ['null', null],
    ['an array', [NODE]],
    ['a string', 'local-devnet'],
    ['an unknown preset', { defaultPreset: 'mainnet', devnetNodes: [NODE] }],
    ['a devnet without nodes', { defaultPreset: 'local-devnet', devnetNodes: [] }],
    ['nodes that are not a list', { defaultPreset: 'local-devnet', devnetNodes: NODE }],
    ['one bad node among good ones', { defaultPreset: 'local-devnet', devnetNodes: [NODE, '/ip4/1.2.3.4/tcp/1'] }],
    ['a non-string node', { defaultPreset: 'local-devnet', devnetNodes: [7] }],
    ['too many nodes', { defaultPreset: 'local-devnet', devnetNodes: Array.from({ length: 17 }, () => NODE) }],
  ])('rejects %s as a whole', (_name, value) => {
    expect(parseDeploymentConfig(value)).toBeNull();
  });
});
