import type { LanguagePack, PackageStatus, SubscribeEvent } from './types';

// Russian, addressing the shopper as «вы». Dates arrive as "25 ноября" (genitive, no
// weekday), which fits "до", "с ... по ..." and "от" without further inflection.

const packageStatus = (s: PackageStatus): string => {
  switch (s.status) {
    case 'info_received': return `этикетка создана, посылка ещё не принята${s.eta ? `; ожидаемая доставка — ${s.eta}` : ''}`;
    case 'in_transit': return `в пути${s.eta ? `, ожидаемая доставка — ${s.eta}` : ''}`;
    case 'unknown': return `отправлена${s.eta ? `, ожидаемая доставка — ${s.eta}` : ''}`;
    case 'out_for_delivery': return 'сегодня у курьера';
    case 'failed_attempt': return 'перевозчик пытался доставить, нужна повторная попытка';
    case 'available_for_pickup': return 'ждёт вас в пункте выдачи';
    case 'delivered': return `доставлена${s.on ? ` ${s.on}` : ''}`;
    case 'exception': return 'задержана из-за проблемы с доставкой';
    case 'returned': return 'возвращается к нам';
  }
};

const subscribeEvent: Record<SubscribeEvent, string> = {
  ships: 'когда он будет отправлен',
  out_for_delivery: 'когда он будет у курьера',
  delivered: 'когда он будет доставлен',
  problem: 'если возникнет задержка',
};

const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} и ${xs[xs.length - 1]}`);

export const ru: LanguagePack = {
  catalog: {
    ask_order_number: () => 'С удовольствием помогу! Какой у вас номер заказа? Он указан в письме с подтверждением заказа.',
    ask_verification: ({ orderNumber }) => `Спасибо! Чтобы убедиться, что заказ ${orderNumber} ваш, напишите адрес электронной почты, телефон или почтовый индекс доставки, указанные в заказе.`,
    ask_order_number_for_details: () => 'Спасибо! Теперь мне нужен только номер заказа — он есть в письме с подтверждением.',
    verification_failed: () => 'Не удалось подтвердить эти данные. Проверьте номер заказа и почту, телефон или индекс из заказа и попробуйте ещё раз.',
    verification_locked: () => 'Не удалось подтвердить эти данные, а больше проверять их здесь я не могу, поэтому передаю вас сотруднику нашей команды — он поможет.',
    too_many_details: () => 'Это больше, чем я могу проверить за раз. Пришлите один номер заказа и одну деталь из заказа (почту, телефон или индекс).',
    message_truncated: ({ limit }) => `Сообщение длинное, поэтому я прочитал только первые ${limit} символов.`,
    choose_order: ({ orders }) => `Я нашёл такие открытые заказы: ${orders.map((o) => `${o.id} (от ${o.placedDate})`).join(', ')}. О каком рассказать?`,
    other_order_needs_verification: ({ orderNumber }) => `Чтобы рассказать о заказе ${orderNumber}, мне нужно подтвердить и его: напишите почту, телефон или индекс из этого заказа.`,
    verification_required: () => 'Ради конфиденциальности я сообщаю данные заказа только после подтверждения: отправьте номер заказа вместе с его почтой, телефоном или индексом.',
    greeting: ({ shopName }) => `Здравствуйте! Я помощник магазина ${shopName}. Подскажу, где ваш заказ и когда он придёт, и помогу с доставкой и возвратом. Чем могу помочь?`,
    thanks: () => 'Пожалуйста! Если появятся вопросы, просто напишите сюда.',
    fallback_rephrase: () => 'Простите, я не совсем понял. Можете сформулировать иначе? Я могу отследить заказ, назвать сроки доставки и рассказать о доставке и возврате.',
    fallback_offer_human: () => 'Если хотите, я передам вас сотруднику нашей команды: просто напишите «позвать оператора».',
    handoff_created: ({ eta }) => `Я передал ваш вопрос сотруднику нашей команды. ${eta}`,
    handoff_eta_open: ({ hours }) => `Сотрудник ответит вам в течение ${hours} ${hoursWord(hours)}.`,
    handoff_eta_closed: ({ opensAt }) => `Сейчас мы не работаем; сотрудник ответит вам, начиная с ${opensAt}.`,
    handoff_waiting: () => 'Спасибо, я добавил это к вашему обращению. Сотрудник нашей команды ответит вам здесь.',
    subscribe_confirmed: ({ orderNumber }) => `Готово! Я сообщу вам, когда по заказу ${orderNumber} будут новости.`,
    subscribe_needs_order: () => 'Конечно! О каком заказе вам сообщать? Отправьте номер заказа и его почту, телефон или индекс.',
    unsubscribe_confirmed: () => 'Готово: больше уведомлений от меня не будет. Вы всегда можете написать сюда.',
    other: () => 'Здесь я помогаю только с заказами: где заказ, сроки доставки, доставка, возвраты и изменения. С остальными вопросами с радостью поможет сотрудник нашей команды — просто попросите.',
    other_question_for_team: () => 'Ваш второй вопрос я передал нашей команде; сотрудник ответит вам.',
  },

  order: {
    notShippedYet: ({ orderId, placed }) => `Ваш заказ ${orderId} от ${placed} ещё не отправлен: мы его собираем.`,
    shipBy: ({ date }) => `Он должен быть отправлен до ${date} включительно.`,
    itemsShipBy: ({ items, date }) => `${items}: отправка до ${date} включительно.`,
    deliveryWindow: ({ from, to }) => `Ожидаемая доставка: с ${from} по ${to}.`,
    deliveryOn: ({ date }) => `Ожидаемая доставка: ${date}.`,
    preOrder: ({ item, release, shipBy }) =>
      release ? `${item} — это предзаказ: товар выходит ${release}${shipBy ? ` и должен быть отправлен до ${shipBy} включительно` : ''}.` : `${item} — это предзаказ: мы отправим его сразу после выхода и сообщим, когда он будет в пути.`,
    backorder: ({ item, restock, shipBy }) =>
      restock ? `${item} ожидает поставки: мы ждём товар ${restock}${shipBy ? `, отправка до ${shipBy} включительно` : ''}.` : `${item} ожидает поставки: мы отправим его, как только товар поступит, и сообщим, когда он будет в пути.`,
    outOfStock: ({ item, restock, shipBy }) =>
      restock ? `${item} сейчас нет в наличии: ожидаем поступление ${restock}${shipBy ? `, отправка до ${shipBy} включительно` : ''}.` : `${item} сейчас нет в наличии. Даты поступления пока нет, но мы отправим товар, как только он появится.`,
    merchantDelay: ({ date }) => `Наша команда обновила срок отправки: теперь заказ должен быть отправлен до ${date} включительно.`,
    late: ({ shipBy }) => `Он должен был быть отправлен до ${shipBy}, так что отправка задерживается. Приносим извинения.`,
    lateOfferPerson: () => 'Если хотите, я попрошу сотрудника нашей команды проверить заказ.',

    infoReceived: ({ orderId, carrier, tracking }) => `Ваш заказ ${orderId} упакован, этикетка ${carrier} создана (трек-номер ${tracking}); ${carrier} отсканирует посылку, когда заберёт её.`,
    inTransit: ({ orderId, carrier, tracking }) => `Ваш заказ ${orderId} в пути, перевозчик — ${carrier}. Трек-номер: ${tracking}.`,
    outForDelivery: ({ orderId, carrier, tracking }) => `Хорошие новости: ваш заказ ${orderId} сегодня у курьера ${carrier} (трек-номер ${tracking}).`,
    failedAttempt: ({ orderId, carrier, tracking, when }) => `${when ? `${when} ` : ''}${carrier} пытался доставить ваш заказ ${orderId}, но не смог (трек-номер ${tracking}).`,
    failedAttemptNext: () => 'Вы можете заказать повторную доставку или выбрать пункт выдачи по извещению, которое оставил курьер, или на странице отслеживания; если посылку отвезли в отделение, возьмите паспорт и извещение, чтобы её забрать.',
    availableForPickup: ({ orderId, carrier, tracking, place }) => `Ваш заказ ${orderId} ждёт вас в пункте выдачи${place ? `: ${place}` : ` ${carrier}`} (трек-номер ${tracking}).`,
    pickupBring: ({ tracking }) => `Возьмите с собой документ, удостоверяющий личность, и трек-номер ${tracking}.`,
    delivered: ({ orderId, when, carrier }) => `Ваш заказ ${orderId} доставлен${when ? ` ${when}` : ''}, перевозчик — ${carrier}.`,
    deliveredWhere: ({ where }) => `Отметка перевозчика: ${where}.`,
    exception: ({ orderId, carrier, tracking, what }) => `С доставкой вашего заказа ${orderId} возникла проблема${what ? `: ${carrier} сообщает «${what}»` : ` (${carrier})`}. Трек-номер: ${tracking}. Я передаю вопрос нашей команде, чтобы она решила его вместе с вами.`,
    returned: ({ orderId, carrier, what }) => `Ваш заказ ${orderId} возвращается к нам, перевозчик — ${carrier}${what ? ` («${what}»)` : ''}. Наша команда свяжется с вами, чтобы договориться о повторной отправке или возврате денег.`,
    unknownStatus: ({ orderId, carrier, tracking }) => `Ваш заказ ${orderId} отправлен, перевозчик — ${carrier} (трек-номер ${tracking}); новостей от перевозчика пока нет.`,
    carrierNote: ({ what }) => `Отметка перевозчика: «${what}».`,
    lastScan: ({ what, where, when }) => `Последнее обновление: ${what}${where ? `, ${where}` : ''} (${when}).`,
    eta: ({ date }) => `Ожидаемая доставка: ${date}.`,
    etaPassed: ({ date }) => `Доставка ожидалась ${date}, так что посылка немного задерживается. Извините за ожидание.`,
    stuck: ({ since }) => `Приносим извинения: статус отслеживания не менялся с ${since}, а это дольше обычного. Я прошу нашу команду разобраться с перевозчиком.`,
    trackingLink: ({ url }) => `Отследить: ${url}`,
    trackingPageLink: ({ url }) => `Всё о вашем заказе на одной странице: ${url}`,

    partialIntro: ({ orderId, count }) => `Часть вашего заказа ${orderId} уже отправлена (${count > 1 ? `посылок: ${count}` : 'одна посылка'}), остальное придёт отдельно.`,
    packagesIntro: ({ orderId, count }) => `Ваш заказ ${orderId} отправлен отдельными посылками (${count}):`,
    packageLine: ({ n, items, carrier, tracking, status }) => `Посылка ${n} (${items}), ${carrier} ${tracking}: ${packageStatus(status)}.`,
    pendingItems: ({ items }) => `Ещё не отправлено: ${items}.`,

    cancelled: ({ orderId }) => `Ваш заказ ${orderId} отменён, поэтому ничего отправлено не будет. Если вы этого не ожидали, сотрудник нашей команды объяснит причину.`,

    notReceivedDelivered: ({ orderId, when, where }) => `Мне очень жаль, что заказ ${orderId} до вас не дошёл. Перевозчик отметил его как доставленный${when ? ` ${when}` : ''}${where ? ` (${where})` : ''}. Проверьте, пожалуйста, у двери, в почтовом ящике и у соседей; а я тем временем передаю вопрос нашей команде, чтобы она открыла претензию у перевозчика.`,
    damaged: ({ orderId }) => `Мне жаль, что заказ ${orderId} пришёл повреждённым. Я передаю вопрос нашей команде, чтобы организовать замену или возврат денег; фото товара и коробки очень помогут.`,
    wrongItem: ({ orderId }) => `Мне жаль, что в заказе ${orderId} пришёл не тот товар. Я передаю вопрос нашей команде, чтобы отправить правильный; фото полученного товара поможет.`,
    missingItem: ({ orderId }) => `Мне жаль, что в заказе ${orderId} чего-то не хватает. Я передаю вопрос нашей команде, чтобы дослать товар или вернуть деньги.`,
    missingButComing: () => 'Ваш заказ идёт несколькими посылками, так что недостающее может быть ещё в пути. Если после получения всех посылок чего-то не будет хватать, напишите мне.',

    changeBeforeShipping: ({ orderId }) => `Ваш заказ ${orderId} ещё не отправлен, поэтому его можно изменить. Я передаю вашу просьбу сотруднику нашей команды — он подтвердит изменение.`,
    changeAfterShipping: ({ orderId, carrier }) => `Ваш заказ ${orderId} уже отправлен (${carrier}), поэтому изменить его здесь я не могу. Часто посылку можно перенаправить через сервисы доставки ${carrier}, или вам поможет сотрудник нашей команды.`,
    changeRedirectLink: ({ url }) => `Варианты доставки: ${url}`,
    changeDelivered: ({ orderId }) => `Ваш заказ ${orderId} уже доставлен, поэтому изменить его нельзя, но его можно вернуть.`,

    returnUntil: ({ orderId, delivered, until }) => `Ваш заказ ${orderId} доставлен ${delivered}, поэтому оформить возврат можно до ${until} включительно.`,
    returnWindowPassed: ({ orderId, delivered, until }) => `Ваш заказ ${orderId} доставлен ${delivered}; срок возврата закончился ${until}. Сотрудник нашей команды всё равно может рассмотреть ваш случай.`,
    returnAfterDelivery: ({ orderId, days }) => `После доставки заказа ${orderId} у вас будет ${days} дней на возврат.`,

    subscribe: ({ orderId, events }) => `Готово! Я сообщу вам о заказе ${orderId}: ${list(events.map((e) => subscribeEvent[e]))}.`,
    subscribeNothingLeft: ({ orderId }) => `Заказ ${orderId} уже прошёл последний этап, так что новых уведомлений об отслеживании не будет. Чем ещё могу помочь?`,
  },

  policy: {
    destination: ({ place }) => `Доставка — ${place}:`,
    rate: ({ method, days, cost, freeOver, free }) => `${method}: ${days}, ${free ? 'бесплатно' : cost}${freeOver ? ` (бесплатно при заказе от ${freeOver})` : ''}.`,
    businessDays: ({ min, max }) => (min === max ? `${min} ${workingDays(min)}` : `${min}–${max} ${workingDays(max)}`),
    notShipped: ({ place }) => `К сожалению, сейчас мы не доставляем в эту страну: ${place}.`,
    currentNotice: ({ text }) => `Обратите внимание: ${text}`,
  },

  suggestions: {
    person: 'Связаться с сотрудником',
    anotherOrder: 'Отследить другой заказ',
    returns: 'Как оформить возврат?',
    updates: 'Сообщайте мне о новостях',
    shipping: 'Сроки и стоимость доставки',
    changeOrder: 'Изменить заказ',
  },
  trackingPage: {
    title: ({ orderId }) => `Заказ ${orderId}`,
    placed: ({ date }) => `Оформлен ${date}`,
    stage: { preparing: 'Готовится к отправке', partly_shipped: 'Отправлен частично', on_its_way: 'В пути', delivered: 'Доставлен', cancelled: 'Отменён' },
    status: {
      info_received: 'Этикетка создана', in_transit: 'В пути', out_for_delivery: 'Передана курьеру', failed_attempt: 'Попытка доставки',
      available_for_pickup: 'Ждёт в пункте выдачи', delivered: 'Доставлена', exception: 'Проблема с доставкой', returned: 'Возвращается к нам', unknown: 'Обновление',
    },
    noticesHeading: 'Обратите внимание',
    notShippedHeading: 'Ещё не отправлено',
    shipmentsHeading: 'Посылки',
    shipmentHeading: ({ n, count, carrier }) => (count > 1 ? `Посылка ${n} из ${count}: ${carrier}` : `Посылка: ${carrier}`),
    trackingNumber: 'Трек-номер',
    statusLabel: 'Статус',
    estimatedDelivery: 'Ожидаемая доставка',
    items: 'Товары',
    carrierSite: ({ carrier }) => `Отследить на сайте ${carrier}`,
    timelineHeading: 'История отслеживания',
    noEvents: 'Перевозчик пока ничего не сообщил.',
    chatHeading: 'Есть вопросы по этому заказу?',
    chatIntro: 'Спросите здесь: ассистент уже знает этот заказ, вам не нужно ничего сообщать.',
    chatLoading: 'Подключение…',
    noScript: 'Чату нужен JavaScript; всё остальное на этой странице работает без него.',
    languages: 'Язык',
    notFoundTitle: 'Эта ссылка для отслеживания не работает',
    notFoundText: 'Возможно, срок её действия истёк или она скопирована не полностью. Спросите нашего ассистента о вашем заказе, и он пришлёт новую.',
  },
};

/** "рабочий день / рабочих дня / рабочих дней" by the Russian plural rules. */
function workingDays(n: number): string {
  const form = new Intl.PluralRules('ru').select(n);
  return form === 'one' ? 'рабочий день' : form === 'few' ? 'рабочих дня' : 'рабочих дней';
}

/** "часа / часов" after "в течение N" (genitive). */
function hoursWord(n: number): string {
  return new Intl.PluralRules('ru').select(n) === 'one' ? 'часа' : 'часов';
}
