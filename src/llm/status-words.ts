/**
 * Words that claim an order or parcel state, in the bot's languages. A draft may only
 * claim a state the fact sheet has or the approved answer already words.
 */
export type StatusClaim =
  | 'info_received' | 'in_transit' | 'out_for_delivery' | 'failed_attempt' | 'available_for_pickup'
  | 'delivered' | 'exception' | 'returned' | 'shipped' | 'cancelled' | 'refunded';

const PHRASES: Record<StatusClaim, string[]> = {
  info_received: ['label (?:was |has been )?created', 'shipping label', 'etiqueta creada', 'étiquette créée', 'versandetikett', 'etichetta creata', 'etiqueta criada', 'ярлык создан'],
  in_transit: ['in transit', 'on (?:its|the) way', 'en route', 'en tránsito', 'en transito', 'en camino', 'en transit', 'en chemin', 'en cours d.acheminement', 'unterwegs', 'auf dem weg', 'in transito', 'in viaggio', 'em trânsito', 'em transito', 'a caminho', 'в пути', '运输中', '在途', '途中'],
  out_for_delivery: ['out for delivery', 'en reparto', 'en cours de livraison', 'in zustellung', 'in consegna', 'saiu para entrega', 'em rota de entrega', 'передан\\p{L}* курьеру', 'у курьера', '派送中', '正在派送', '派件中'],
  failed_attempt: ['(?:failed|missed|unsuccessful) (?:delivery )?attempt', 'delivery attempt', 'intento de entrega', 'tentative de livraison', 'zustellversuch', 'tentativo di consegna', 'tentativa de entrega', 'попытк\\p{L}* доставки', '投递失败', '派送失败'],
  available_for_pickup: ['(?:ready|available) for (?:pick ?up|collection)', 'pick ?up point', '(?:listo|lista|disponible) para (?:recoger|recogida|retirar)', 'punto de recogida', 'point relais', 'disponible en (?:point|retrait)', 'à retirer', 'abholbereit', 'zur abholung', 'packstation', 'pronto per il ritiro', 'disponibile per il ritiro', 'punto di ritiro', 'disponível para retirada', 'pronto para retirada', 'ponto de retirada', 'готов\\p{L}* к выдаче', 'пункт\\p{L}* выдачи', '待取件', '待自提', '自提点'],
  // "will be delivered by ..." states an estimate, not a delivery: the auxiliary before the participle tells.
  delivered: [
    '(?<!be\\s)delivered', '(?<!(?:será|ser)\\s)entregad[oa]s?', '(?<!(?:sera|serait|être|etre)\\s)livrée?s?', 'zugestellt(?!\\s+werden)', 'geliefert(?!\\s+werden)',
    '(?<!(?:sarà|essere)\\s)consegnat[oaie]', '(?<!(?:será|ser)\\s)entregues?', '(?<!будет\\s)доставлен\\p{L}*', 'вручен\\p{L}*', '已送达', '已签收', '已妥投',
  ],
  exception: ['exception', 'incidencia', 'incident', 'anomalia', 'exceção', 'excecao', 'исключени\\p{L}*', '异常'],
  returned: ['returned', 'return(?:ing|ed)? to (?:the )?sender', 'devuelt[oa]', 'retournée?', 'zurückgesendet', 'zurück an den absender', 'restituit[oa]', 'rispedit[oa] al mittente', 'devolvid[oa]', 'возвращ\\p{L}* отправителю', '退回'],
  shipped: ['shipped', 'dispatched', 'sent out', 'enviad[oa]s?', 'despachad[oa]s?', 'expédiée?s?', 'versandt', 'verschickt', 'versendet', 'spedit[oaie]', 'отправлен\\p{L}*', '已发货', '已寄出', '发货'],
  cancelled: ['cancell?ed', 'cancelad[oa]', 'anulad[oa]', 'annulée?', 'storniert', 'annullat[oa]', 'cancellat[oa]', 'отмен[её]н\\p{L}*', '已取消'],
  refunded: ['refund(?:ed)?', 'reembols\\p{L}*', 'rembours\\p{L}*', 'erstattet', 'rückerstattung', 'rimbors\\p{L}*', 'возврат\\p{L}* (?:средств|денег)', '退款'],
};

const isChinese = (phrase: string) => /\p{Script=Han}/u.test(phrase);

const MATCHERS = (Object.entries(PHRASES) as [StatusClaim, string[]][]).map(([claim, phrases]) => {
  const spaced = phrases.filter((p) => !isChinese(p)).join('|');
  const chinese = phrases.filter(isChinese).join('|');
  const alternatives = [`(?<![\\p{L}\\p{N}])(?:${spaced})(?![\\p{L}])`, ...(chinese ? [`(?:${chinese})`] : [])];
  return { claim, pattern: new RegExp(alternatives.join('|'), 'iu') };
});

/** The states a text claims or mentions. */
export function findStatusClaims(text: string): Set<StatusClaim> {
  return new Set(MATCHERS.filter((m) => m.pattern.test(text)).map((m) => m.claim));
}

const TRACKING_STATES: StatusClaim[] = ['in_transit', 'out_for_delivery', 'failed_attempt', 'available_for_pickup', 'delivered', 'exception', 'returned'];

/**
 * The states a fact sheet supports, from values that are status codes (contract §5,
 * order status, fulfilment). A parcel the carrier moves has been shipped.
 */
export function statusesInFactValues(values: readonly string[]): Set<StatusClaim> {
  const codes = new Set(values.map((v) => v.trim().toLowerCase()));
  const found = new Set<StatusClaim>();
  for (const claim of Object.keys(PHRASES) as StatusClaim[]) if (codes.has(claim)) found.add(claim);
  if (codes.has('canceled')) found.add('cancelled');
  if (codes.has('shipped') || codes.has('partially_shipped') || codes.has('fulfilled') || TRACKING_STATES.some((s) => found.has(s))) found.add('shipped');
  return found;
}
