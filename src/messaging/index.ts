import type { Db } from '../store/db';
import { ContactBook } from './contacts';
import { DeliveryLog } from './delivery-log';
import { InboundReceipts } from './receipts';

export { ContactBook } from './contacts';
export { DeliveryLog } from './delivery-log';
export { InboundReceipts } from './receipts';

/** The store services messaging channels use (channels never touch the database themselves). */
export interface MessagingServices {
  receipts: InboundReceipts;
  contacts: ContactBook;
  deliveries: DeliveryLog;
}

export function messagingServices(db: Db): MessagingServices {
  return { receipts: new InboundReceipts(db), contacts: new ContactBook(db), deliveries: new DeliveryLog(db) };
}
