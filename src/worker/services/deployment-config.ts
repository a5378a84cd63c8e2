/**
 * The deployment's own configuration, read from `/parley.config.json` on the app's origin.
 * `npm start` and the e2e server write it for the local devnodes; a deployed build may omit it, and
 * then Parley uses the Status fleet. Anything malformed is ignored as a whole, never half-applied.
 */
import type { DeploymentConfig } from '$lib/shared/network.ts';
import { createLogger } from '$lib/shared/log.ts';
import { parseNodeMultiaddr } from '../transport/multiaddr.ts';

const log = createLogger('config');

export const CONFIG_PATH = '/parley.config.json';
const DEFAULT_CONFIG: DeploymentConfig = { defaultPreset: 'status-fleet', devnetNodes: [] };
/** More devnet nodes than this is certainly not a config we wrote. */
const MAX_DEVNET_NODES = 16;

export function parseDeploymentConfig(value: unknown): DeploymentConfig | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const preset = record['defaultPreset'];
  const nodes = record['devnetNodes'];
  if (preset !== 'status-fleet' && preset !== 'local-devnet') return null;
  if (!Array.isArray(nodes) || nodes.length > MAX_DEVNET_NODES) return null;
  const parsed = nodes.map((n) => (typeof n === 'string' ? parseNodeMultiaddr(n) : null));
  const valid: string[] = [];
  for (const p of parsed) {
    if (!p?.ok) return null;
    valid.push(p.value.multiaddr);
  }
  if (preset === 'local-devnet' && valid.length === 0) return null;
  return { defaultPreset: preset, devnetNodes: valid };
}

export async function loadDeploymentConfig(origin: string): Promise<DeploymentConfig> {
  try {
    const response = await fetch(new URL(CONFIG_PATH, origin), { cache: 'no-store' });
    if (!response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return DEFAULT_CONFIG;
    const parsed = parseDeploymentConfig(await response.json());
    if (parsed === null) log.warn(`${CONFIG_PATH} is malformed; using the Status fleet`);
    return parsed ?? DEFAULT_CONFIG;
  } catch {
    return DEFAULT_CONFIG;
  }
}
