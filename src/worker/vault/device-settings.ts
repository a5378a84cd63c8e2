/**
 * Device-level settings that must be readable before any profile is unlocked: today only the
 * network configuration (which public service nodes to use). They hold no user data, no keys and
 * no message content, so they are stored unencrypted in their own IndexedDB database. Profile data
 * lives in the encrypted vault.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { NetworkSettings } from '$lib/shared/network.ts';

const DB_NAME = 'parley-device';
const DB_VERSION = 1;

interface DeviceSchema extends DBSchema {
  settings: { key: 'network'; value: NetworkSettings };
}

export interface DeviceSettingsStore {
  loadNetwork(): Promise<NetworkSettings | undefined>;
  saveNetwork(settings: NetworkSettings): Promise<void>;
}

export async function openDeviceSettings(): Promise<DeviceSettingsStore> {
  const db: IDBPDatabase<DeviceSchema> = await openDB<DeviceSchema>(DB_NAME, DB_VERSION, {
    upgrade(database) {
      database.createObjectStore('settings');
    },
  });
  return {
    loadNetwork: () => db.get('settings', 'network'),
    saveNetwork: async (settings) => {
      await db.put('settings', structuredClone(settings), 'network');
    },
  };
}

/** An in-memory store for tests and for browsers where IndexedDB is unavailable. */
export function memoryDeviceSettings(initial?: NetworkSettings): DeviceSettingsStore {
  let value = initial;
  return {
    loadNetwork: () => Promise.resolve(value),
    saveNetwork: (settings) => {
      value = settings;
      return Promise.resolve();
    },
  };
}
