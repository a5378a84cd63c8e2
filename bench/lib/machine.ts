/** The machine a run was taken on: CPU model, cores, memory, OS, Node and Chromium versions. */
import { readFile } from 'node:fs/promises';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import type { MachineInfo } from './report.ts';

async function cpuModel(): Promise<string> {
  try {
    const info = await readFile('/proc/cpuinfo', 'utf8');
    const field = (k: string): string | undefined => new RegExp(`^${k}\\s*:\\s*(.+)$`, 'm').exec(info)?.[1]?.trim();
    const model = field('model name');
    if (model) return `${model} (family ${field('cpu family') ?? '?'}, model ${field('model') ?? '?'}, ${field('cpu MHz') ?? '?'} MHz)`;
  } catch {
    // Not Linux: fall back to Node's view.
  }
  return cpus()[0]?.model ?? 'unknown';
}

export async function machineInfo(chromiumVersion: string): Promise<MachineInfo> {
  return {
    cpu: await cpuModel(),
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${type()} ${release()}`,
    node: process.version,
    chromium: chromiumVersion,
    loadAverage: loadavg(),
  };
}
