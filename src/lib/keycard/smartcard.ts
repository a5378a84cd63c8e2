/**
 * Web Smart Card API glue (`navigator.smartCard`, a PC/SC mapping exposed only in Isolated Web
 * Apps; WICG draft): establish a context, connect to the first reader holding a card, transmit.
 * The only I/O of this route; the reader driver does CCID and T=0/T=1 for us. Types are
 * structural: only the members we call.
 */
import { TransportError } from './errors.ts';
import type { KeycardTransport } from './transport.ts';

interface SmartCardConnectionLike {
  transmit(sendBuffer: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
  disconnect(disposition?: 'leave' | 'reset' | 'unpower' | 'eject'): Promise<void>;
}
interface SmartCardContextLike {
  listReaders(): Promise<string[]>;
  connect(
    reader: string,
    accessMode: 'shared' | 'exclusive' | 'direct',
    options?: { preferredProtocols?: ('t0' | 't1' | 'raw')[] },
  ): Promise<{ connection: SmartCardConnectionLike }>;
}
export interface SmartCardLike {
  establishContext(): Promise<SmartCardContextLike>;
}

export async function connectSmartCard(smartCard: SmartCardLike): Promise<KeycardTransport> {
  const context = await smartCard.establishContext();
  const readers = await context.listReaders().catch(() => [] as string[]);
  if (readers.length === 0) throw new TransportError('smartcard/no_reader');
  for (const reader of readers) {
    let connection: SmartCardConnectionLike;
    try {
      ({ connection } = await context.connect(reader, 'exclusive', { preferredProtocols: ['t1', 't0'] }));
    } catch {
      continue; // No card in this reader (or it is busy): try the next one.
    }
    return {
      id: 'smartcard',
      label: reader,
      async transmit(apdu) {
        try {
          return new Uint8Array(await connection.transmit(Uint8Array.from(apdu)));
        } catch (e) {
          throw new TransportError('device/io_failed', e instanceof Error ? e.name : String(e));
        }
      },
      close: () => connection.disconnect('leave').catch(() => undefined),
    };
  }
  throw new TransportError('smartcard/no_card');
}
