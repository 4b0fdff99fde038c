import type { LanguagePack, PackageStatus, SubscribeEvent } from './types';

// Spanish (Spain), tuteo throughout: the friendly register most Spanish shops use in chat.

const packageStatus = (s: PackageStatus): string => {
  switch (s.status) {
    case 'info_received': return `etiqueta creada, aún sin escanear${s.eta ? `; llegada prevista el ${s.eta}` : ''}`;
    case 'in_transit': return `en camino${s.eta ? `, llegada prevista el ${s.eta}` : ''}`;
    case 'unknown': return `enviado${s.eta ? `, llegada prevista el ${s.eta}` : ''}`;
    case 'out_for_delivery': return 'en reparto hoy';
    case 'failed_attempt': return 'el transportista intentó entregarlo y hará falta otro intento';
    case 'available_for_pickup': return 'listo para recoger';
    case 'delivered': return `entregado${s.on ? ` el ${s.on}` : ''}`;
    case 'exception': return 'retenido por una incidencia en la entrega';
    case 'returned': return 'de vuelta hacia nosotros';
  }
};

const subscribeEvent: Record<SubscribeEvent, string> = {
  ships: 'cuando salga de nuestro almacén',
  out_for_delivery: 'cuando esté en reparto',
  delivered: 'cuando se entregue',
  problem: 'si hay algún retraso',
};

const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} y ${xs[xs.length - 1]}`);

export const es: LanguagePack = {
  catalog: {
    ask_order_number: () => '¡Encantado de ayudarte! ¿Cuál es tu número de pedido? Lo encontrarás en el correo de confirmación del pedido.',
    ask_verification: ({ orderNumber }) => `¡Gracias! Para comprobar que el pedido ${orderNumber} es tuyo, dime el correo electrónico, el teléfono o el código postal de entrega del pedido.`,
    ask_order_number_for_details: () => '¡Gracias! Ahora solo necesito el número de pedido; está en el correo de confirmación.',
    verification_failed: () => 'No he podido verificar esos datos. Revisa el número de pedido y el correo, teléfono o código postal del pedido e inténtalo de nuevo.',
    verification_locked: () => 'No he podido verificar esos datos y no puedo comprobar más aquí, así que te paso con una persona de nuestro equipo que te ayudará.',
    too_many_details: () => 'Eso es más de lo que puedo comprobar de una vez. Envíame un número de pedido y un dato del pedido (su correo, teléfono o código postal).',
    message_truncated: ({ limit }) => `Tu mensaje era largo, así que solo he leído sus primeros ${limit} caracteres.`,
    choose_order: ({ orders }) => `He encontrado estos pedidos abiertos: ${orders.map((o) => `${o.id} (hecho el ${o.placedDate})`).join(', ')}. ¿Sobre cuál quieres saber?`,
    other_order_needs_verification: ({ orderNumber }) => `Para darte información del pedido ${orderNumber} también tengo que verificarlo: dime el correo, el teléfono o el código postal de ese pedido.`,
    verification_required: () => 'Por privacidad solo puedo dar datos de un pedido una vez verificado: envíame el número de pedido junto con su correo electrónico, teléfono o código postal.',
    greeting: ({ shopName }) => `¡Hola! Soy el asistente de ${shopName}. Puedo decirte dónde está tu pedido y cuándo llegará, y ayudarte con envíos y devoluciones. ¿En qué te ayudo?`,
    thanks: () => '¡De nada! Si necesitas algo más, escríbeme aquí.',
    fallback_rephrase: () => 'Perdona, no te he entendido bien. ¿Puedes decirlo de otra forma? Puedo seguir pedidos, darte fechas de entrega y explicarte envíos y devoluciones.',
    fallback_offer_human: () => 'Si lo prefieres, te paso con una persona de nuestro equipo: solo di «hablar con una persona».',
    handoff_created: ({ eta }) => `He pasado tu consulta a una persona de nuestro equipo. ${eta}`,
    handoff_eta_open: ({ hours }) => `Una persona te responderá en ${hours === 1 ? 'una hora' : `${hours} horas`} como máximo.`,
    handoff_eta_closed: ({ opensAt }) => `Ahora mismo estamos cerrados; una persona te responderá a partir del ${opensAt}.`,
    handoff_waiting: () => 'Gracias, lo he añadido a tu consulta. Una persona de nuestro equipo te responderá aquí.',
    subscribe_confirmed: ({ orderNumber }) => `¡Hecho! Te avisaré cuando haya novedades del pedido ${orderNumber}.`,
    subscribe_needs_order: () => '¡Claro! ¿De qué pedido quieres recibir avisos? Envíame el número de pedido y su correo, teléfono o código postal.',
    unsubscribe_confirmed: () => 'Hecho: no recibirás más avisos míos. Puedes escribirme aquí cuando quieras.',
    other: () => 'Aquí solo puedo ayudarte con pedidos: dónde está, fechas de entrega, envíos, devoluciones y cambios. Para cualquier otra cosa, una persona de nuestro equipo te ayuda encantada; solo pídelo.',
    other_question_for_team: () => 'He anotado tu otra pregunta para nuestro equipo; una persona te responderá.',
  },

  order: {
    notShippedYet: ({ orderId, placed }) => `Tu pedido ${orderId}, hecho el ${placed}, aún no ha salido: lo estamos preparando.`,
    shipBy: ({ date }) => `Debería enviarse como muy tarde el ${date}.`,
    itemsShipBy: ({ items, date }) => `${items}: envío previsto como muy tarde el ${date}.`,
    deliveryWindow: ({ from, to }) => `Entrega prevista: entre el ${from} y el ${to}.`,
    deliveryOn: ({ date }) => `Entrega prevista: ${date}.`,
    preOrder: ({ item, release, shipBy }) =>
      release ? `${item} es una preventa: sale a la venta el ${release}${shipBy ? ` y debería enviarse como muy tarde el ${shipBy}` : ''}.` : `${item} es una preventa: se enviará en cuanto salga a la venta y te avisaremos cuando esté en camino.`,
    backorder: ({ item, restock, shipBy }) =>
      restock ? `${item} está pendiente de reposición: esperamos stock el ${restock}${shipBy ? ` y debería enviarse como muy tarde el ${shipBy}` : ''}.` : `${item} está pendiente de reposición: se enviará en cuanto llegue stock y te avisaremos cuando esté en camino.`,
    outOfStock: ({ item, restock, shipBy }) =>
      restock ? `${item} está agotado ahora mismo: esperamos reponerlo el ${restock}${shipBy ? ` y debería enviarse como muy tarde el ${shipBy}` : ''}.` : `${item} está agotado ahora mismo. Aún no tenemos fecha de reposición, pero se enviará en cuanto vuelva.`,
    merchantDelay: ({ date }) => `Nuestro equipo ha actualizado la fecha de envío: ahora debería salir como muy tarde el ${date}.`,
    late: ({ shipBy }) => `Tenía que haberse enviado como muy tarde el ${shipBy}, así que lleva retraso. Lo siento mucho.`,
    lateOfferPerson: () => 'Si quieres, te paso con una persona de nuestro equipo para que lo revise.',

    infoReceived: ({ orderId, carrier, tracking }) => `Tu pedido ${orderId} está empaquetado y tiene etiqueta de ${carrier} (número de seguimiento ${tracking}); ${carrier} lo escaneará cuando lo recoja.`,
    inTransit: ({ orderId, carrier, tracking }) => `Tu pedido ${orderId} está en camino con ${carrier}. Número de seguimiento: ${tracking}.`,
    outForDelivery: ({ orderId, carrier, tracking }) => `¡Buenas noticias! Tu pedido ${orderId} está hoy en reparto con ${carrier} (número de seguimiento ${tracking}).`,
    failedAttempt: ({ orderId, carrier, tracking, when }) => `${carrier} intentó entregar tu pedido ${orderId}${when ? ` el ${when}` : ''}, pero no pudo (número de seguimiento ${tracking}).`,
    failedAttemptNext: () => 'Puedes pedir una nueva entrega o elegir un punto de recogida con el aviso que te dejaron o en la página de seguimiento; si lo llevaron a la oficina, lleva tu documento de identidad y el aviso para recogerlo.',
    availableForPickup: ({ orderId, carrier, tracking, place }) => `Tu pedido ${orderId} está listo para recoger${place ? ` en ${place}` : ` en ${carrier}`} (número de seguimiento ${tracking}).`,
    pickupBring: ({ tracking }) => `Lleva tu documento de identidad y el número de seguimiento ${tracking}.`,
    delivered: ({ orderId, when, carrier }) => `${carrier} entregó tu pedido ${orderId}${when ? ` el ${when}` : ''}.`,
    deliveredWhere: ({ where }) => `Nota del transportista: ${where}.`,
    exception: ({ orderId, carrier, tracking, what }) => `Hay una incidencia con la entrega de tu pedido ${orderId}${what ? `: ${carrier} indica «${what}»` : ` (${carrier})`}. Número de seguimiento: ${tracking}. Paso el caso a nuestro equipo para que lo resuelva contigo.`,
    returned: ({ orderId, carrier, what }) => `${carrier} nos está devolviendo tu pedido ${orderId}${what ? ` («${what}»)` : ''}. Nuestro equipo se pondrá en contacto contigo para organizar un nuevo envío o el reembolso.`,
    unknownStatus: ({ orderId, carrier, tracking }) => `Tu pedido ${orderId} se ha enviado con ${carrier} (número de seguimiento ${tracking}); el transportista aún no ha dado novedades.`,
    carrierNote: ({ what }) => `Nota del transportista: «${what}».`,
    lastScan: ({ what, where, when }) => `Última actualización: ${what}${where ? `, ${where}` : ''} (${when}).`,
    eta: ({ date }) => `Entrega prevista: ${date}.`,
    etaPassed: ({ date }) => `Estaba previsto para el ${date}, así que va con algo de retraso. Perdona la espera.`,
    stuck: ({ since }) => `Lo siento: el seguimiento no se ha movido desde el ${since}, y eso es más de lo normal. Pido a nuestro equipo que lo revise con el transportista.`,
    trackingLink: ({ url }) => `Síguelo aquí: ${url}`,
    trackingPageLink: ({ url }) => `Todo sobre tu pedido en una sola página: ${url}`,

    partialIntro: ({ orderId, count }) => `Parte de tu pedido ${orderId} ya ha salido (${count > 1 ? `${count} paquetes` : 'un paquete'} por ahora) y el resto irá por separado.`,
    packagesIntro: ({ orderId, count }) => `Tu pedido ${orderId} se envió en ${count} paquetes separados:`,
    packageLine: ({ n, items, carrier, tracking, status }) => `Paquete ${n} (${items}), ${carrier} ${tracking}: ${packageStatus(status)}.`,
    pendingItems: ({ items }) => `Aún sin enviar: ${items}.`,

    cancelled: ({ orderId }) => `Tu pedido ${orderId} está cancelado, así que no se enviará nada. Si no te lo esperabas, una persona de nuestro equipo puede explicártelo.`,

    notReceivedDelivered: ({ orderId, when, where }) => `Siento mucho que tu pedido ${orderId} no te haya llegado. El transportista lo marcó como entregado${when ? ` el ${when}` : ''}${where ? ` (${where})` : ''}. Echa un vistazo cerca de la puerta, en el buzón y con los vecinos; mientras, paso el caso a nuestro equipo para que abra una reclamación con el transportista.`,
    damaged: ({ orderId }) => `Siento que tu pedido ${orderId} haya llegado dañado. Paso el caso a nuestro equipo para organizar un cambio o el reembolso; una foto del artículo y de la caja ayudará.`,
    wrongItem: ({ orderId }) => `Siento que te haya llegado un artículo equivocado en el pedido ${orderId}. Paso el caso a nuestro equipo para enviarte el correcto; una foto de lo que recibiste ayudará.`,
    missingItem: ({ orderId }) => `Siento que falte algo en el pedido ${orderId}. Paso el caso a nuestro equipo para enviártelo o reembolsártelo.`,
    missingButComing: () => 'Tu pedido va en más de un paquete, así que lo que falta puede estar todavía en camino. Si cuando llegue todo sigue faltando algo, dímelo.',

    changeBeforeShipping: ({ orderId }) => `Tu pedido ${orderId} aún no ha salido, así que todavía se puede cambiar. Paso tu petición a una persona de nuestro equipo, que te confirmará el cambio.`,
    changeAfterShipping: ({ orderId, carrier }) => `Tu pedido ${orderId} ya se ha enviado con ${carrier}, así que no puedo cambiarlo desde aquí. A menudo puedes desviarlo con las opciones de entrega de ${carrier}, o una persona de nuestro equipo puede ayudarte.`,
    changeRedirectLink: ({ url }) => `Opciones de entrega: ${url}`,
    changeDelivered: ({ orderId }) => `Tu pedido ${orderId} ya se entregó, así que no se puede cambiar, pero puedes devolverlo.`,

    returnUntil: ({ orderId, delivered, until }) => `Tu pedido ${orderId} se entregó el ${delivered}, así que puedes iniciar una devolución hasta el ${until}.`,
    returnWindowPassed: ({ orderId, delivered, until }) => `Tu pedido ${orderId} se entregó el ${delivered}; el plazo de devolución terminó el ${until}. Aun así, una persona de nuestro equipo puede revisar tu caso.`,
    returnAfterDelivery: ({ orderId, days }) => `Cuando se entregue el pedido ${orderId}, tendrás ${days} días para devolverlo.`,

    subscribe: ({ orderId, events }) => `¡Hecho! Te avisaré del pedido ${orderId}: ${list(events.map((e) => subscribeEvent[e]))}.`,
    subscribeNothingLeft: ({ orderId }) => `El pedido ${orderId} ya ha llegado a su último paso, así que no quedan avisos de seguimiento por enviar. ¿Te ayudo con algo más?`,
  },

  policy: {
    destination: ({ place }) => `Envíos a ${place}:`,
    rate: ({ method, days, cost, freeOver, free }) => `${method}: ${days}, ${free ? 'gratis' : cost}${freeOver ? ` (gratis en pedidos de más de ${freeOver})` : ''}.`,
    businessDays: ({ min, max }) => (min === max ? `${min} ${min === 1 ? 'día laborable' : 'días laborables'}` : `${min}-${max} días laborables`),
    notShipped: ({ place }) => `Lo siento, ahora mismo no enviamos a ${place}.`,
    currentNotice: ({ text }) => `Ten en cuenta: ${text}`,
  },

  suggestions: {
    person: 'Hablar con una persona',
    anotherOrder: 'Seguir otro pedido',
    returns: '¿Cómo funcionan las devoluciones?',
    updates: 'Avísame de novedades',
    shipping: 'Plazos y costes de envío',
    changeOrder: 'Cambiar mi pedido',
  },
  trackingPage: {
    title: ({ orderId }) => `Pedido ${orderId}`,
    placed: ({ date }) => `Hecho el ${date}`,
    stage: { preparing: 'En preparación', partly_shipped: 'Enviado en parte', on_its_way: 'En camino', delivered: 'Entregado', cancelled: 'Cancelado' },
    status: {
      info_received: 'Etiqueta creada', in_transit: 'En tránsito', out_for_delivery: 'En reparto', failed_attempt: 'Intento de entrega',
      available_for_pickup: 'Listo para recoger', delivered: 'Entregado', exception: 'Incidencia en la entrega', returned: 'De vuelta hacia nosotros', unknown: 'Actualización',
    },
    noticesHeading: 'Ten en cuenta',
    notShippedHeading: 'Aún sin enviar',
    shipmentsHeading: 'Envíos',
    shipmentHeading: ({ n, count, carrier }) => (count > 1 ? `Paquete ${n} de ${count}: ${carrier}` : `Paquete: ${carrier}`),
    trackingNumber: 'Número de seguimiento',
    statusLabel: 'Estado',
    estimatedDelivery: 'Entrega prevista',
    items: 'Artículos',
    carrierSite: ({ carrier }) => `Síguelo en la web de ${carrier}`,
    timelineHeading: 'Historial de seguimiento',
    noEvents: 'El transportista aún no ha dado novedades.',
    chatHeading: '¿Tienes preguntas sobre este pedido?',
    chatIntro: 'Pregunta aquí: el asistente ya conoce este pedido, así que no tendrás que darle ningún dato.',
    chatLoading: 'Conectando…',
    noScript: 'El chat necesita JavaScript; todo lo demás de esta página funciona sin él.',
    languages: 'Idioma',
    notFoundTitle: 'Este enlace de seguimiento no funciona',
    notFoundText: 'Puede que haya caducado o que no se haya copiado entero. Pregunta a nuestro asistente por tu pedido y te dará uno nuevo.',
  },
};
