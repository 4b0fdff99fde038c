import type { Knowledge } from '../knowledge/schema';
import type { Lang, NoticeKind } from '../vocabulary';

type Group = 'late' | 'delivery_late' | 'stale' | 'carrier';

const GROUP: Record<NoticeKind, Group> = {
  ship_by_passed: 'late',
  fulfilment_delayed: 'late',
  eta_passed: 'delivery_late',
  eta_later: 'delivery_late',
  stale: 'stale',
  exception: 'carrier',
  failed_attempt: 'carrier',
  customs_hold: 'carrier',
  returned: 'carrier',
};

/** The bot's own first line of a notice; the order's current answer follows it ({order}: the order number). */
const OPENING: Record<Lang, Record<Group, string>> = {
  en: {
    late: 'An update on your order {order}: it is taking longer than we promised, and we are sorry.',
    delivery_late: 'An update on your order {order}: the delivery is running later than expected.',
    stale: 'An update on your order {order}: the tracking has not moved for a few days, and we are looking into it.',
    carrier: 'An update on your order {order}: the carrier reported something about your parcel.',
  },
  es: {
    late: 'Novedades de tu pedido {order}: está tardando más de lo que prometimos, y lo sentimos.',
    delivery_late: 'Novedades de tu pedido {order}: la entrega va con retraso.',
    stale: 'Novedades de tu pedido {order}: el seguimiento lleva unos días sin moverse y lo estamos revisando.',
    carrier: 'Novedades de tu pedido {order}: el transportista ha informado de algo sobre tu paquete.',
  },
  fr: {
    late: 'Des nouvelles de votre commande {order} : elle prend plus de temps que promis, et nous en sommes désolés.',
    delivery_late: 'Des nouvelles de votre commande {order} : la livraison a pris du retard.',
    stale: 'Des nouvelles de votre commande {order} : le suivi n\'a pas bougé depuis quelques jours, nous nous en occupons.',
    carrier: 'Des nouvelles de votre commande {order} : le transporteur a signalé quelque chose au sujet de votre colis.',
  },
  de: {
    late: 'Neuigkeiten zu Ihrer Bestellung {order}: Sie dauert länger als versprochen, das tut uns leid.',
    delivery_late: 'Neuigkeiten zu Ihrer Bestellung {order}: Die Zustellung verspätet sich.',
    stale: 'Neuigkeiten zu Ihrer Bestellung {order}: Die Sendungsverfolgung hat sich seit einigen Tagen nicht bewegt, wir kümmern uns darum.',
    carrier: 'Neuigkeiten zu Ihrer Bestellung {order}: Der Paketdienst hat etwas zu Ihrem Paket gemeldet.',
  },
  it: {
    late: 'Aggiornamento sul tuo ordine {order}: sta richiedendo più tempo del promesso, e ce ne scusiamo.',
    delivery_late: 'Aggiornamento sul tuo ordine {order}: la consegna è in ritardo.',
    stale: 'Aggiornamento sul tuo ordine {order}: il tracking è fermo da qualche giorno e stiamo verificando.',
    carrier: 'Aggiornamento sul tuo ordine {order}: il corriere ha segnalato qualcosa sul tuo pacco.',
  },
  pt: {
    late: 'Novidades da sua encomenda {order}: está a demorar mais do que prometemos, e pedimos desculpa.',
    delivery_late: 'Novidades da sua encomenda {order}: a entrega está atrasada.',
    stale: 'Novidades da sua encomenda {order}: o rastreio não se mexe há alguns dias e estamos a verificar.',
    carrier: 'Novidades da sua encomenda {order}: a transportadora comunicou algo sobre a sua encomenda.',
  },
  ru: {
    late: 'Новости о вашем заказе {order}: он задерживается дольше обещанного, приносим извинения.',
    delivery_late: 'Новости о вашем заказе {order}: доставка задерживается.',
    stale: 'Новости о вашем заказе {order}: отслеживание не обновлялось несколько дней, мы разбираемся.',
    carrier: 'Новости о вашем заказе {order}: перевозчик сообщил о вашей посылке.',
  },
  zh: {
    late: '您的订单 {order} 有新进展：处理时间比承诺的要长，非常抱歉。',
    delivery_late: '您的订单 {order} 有新进展：配送比预计的要晚。',
    stale: '您的订单 {order} 有新进展：物流信息已有几天没有更新，我们正在跟进。',
    carrier: '您的订单 {order} 有新进展：承运商报告了您包裹的情况。',
  },
};

/** The first line of a notice: the merchant's own wording for the kind when given, else the bot's. */
export function noticeOpening(kind: NoticeKind, lang: Lang, orderId: string, knowledge: Knowledge): string {
  const own = knowledge.proactive.wording[kind]?.[lang];
  return (own ?? OPENING[lang][GROUP[kind]]).replaceAll('{order}', orderId);
}
