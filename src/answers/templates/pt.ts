import type { LanguagePack, PackageStatus, SubscribeEvent } from './types';

// European Portuguese vocabulary (encomenda, morada, equipa), addressing the shopper as "você".

const packageStatus = (s: PackageStatus): string => {
  switch (s.status) {
    case 'info_received': return `etiqueta criada, ainda sem leitura${s.eta ? `; entrega prevista para ${s.eta}` : ''}`;
    case 'in_transit': return `a caminho${s.eta ? `, entrega prevista para ${s.eta}` : ''}`;
    case 'unknown': return `enviada${s.eta ? `, entrega prevista para ${s.eta}` : ''}`;
    case 'out_for_delivery': return 'em distribuição hoje';
    case 'failed_attempt': return 'a transportadora tentou entregar e será preciso nova tentativa';
    case 'available_for_pickup': return 'pronta para levantar';
    case 'delivered': return `entregue${s.on ? ` em ${s.on}` : ''}`;
    case 'exception': return 'retida por um problema na entrega';
    case 'returned': return 'a ser devolvida para nós';
  }
};

const subscribeEvent: Record<SubscribeEvent, string> = {
  ships: 'quando for enviada',
  out_for_delivery: 'quando estiver em distribuição',
  delivered: 'quando for entregue',
  problem: 'se houver algum atraso',
};

const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} e ${xs[xs.length - 1]}`);

export const pt: LanguagePack = {
  catalog: {
    ask_order_number: () => 'Com todo o gosto! Qual é o número da sua encomenda? Encontra-o no e-mail de confirmação da encomenda.',
    ask_verification: ({ orderNumber }) => `Obrigado! Para confirmar que a encomenda ${orderNumber} é sua, indique o e-mail, o telefone ou o código postal de entrega da encomenda.`,
    ask_order_number_for_details: () => 'Obrigado! Agora só preciso do número da encomenda; está no e-mail de confirmação.',
    verification_failed: () => 'Não consegui confirmar esses dados. Verifique o número da encomenda e o e-mail, telefone ou código postal da encomenda e tente novamente.',
    verification_locked: () => 'Não consegui confirmar esses dados e não posso verificar mais aqui, por isso vou passá-lo a uma pessoa da nossa equipa que o vai ajudar.',
    too_many_details: () => 'Isso é mais do que consigo verificar de uma vez. Envie um número de encomenda e um dado da encomenda (o e-mail, o telefone ou o código postal).',
    message_truncated: ({ limit }) => `A sua mensagem era longa, por isso só li os primeiros ${limit} caracteres.`,
    choose_order: ({ orders }) => `Encontrei estas encomendas em aberto: ${orders.map((o) => `${o.id} (feita em ${o.placedDate})`).join(', ')}. Sobre qual quer saber?`,
    other_order_needs_verification: ({ orderNumber }) => `Para falar da encomenda ${orderNumber}, também preciso de a confirmar: indique o e-mail, o telefone ou o código postal dessa encomenda.`,
    verification_required: () => 'Por privacidade, só posso dar detalhes de uma encomenda depois de a confirmar: envie o número da encomenda juntamente com o e-mail, o telefone ou o código postal.',
    greeting: ({ shopName }) => `Olá! Sou o assistente da ${shopName}. Posso dizer-lhe onde está a sua encomenda e quando chega, e ajudar com envios e devoluções. Em que posso ajudar?`,
    thanks: () => 'De nada! Se precisar de mais alguma coisa, escreva aqui.',
    fallback_rephrase: () => 'Desculpe, não percebi bem. Pode dizer de outra forma? Posso acompanhar encomendas, dar datas de entrega e explicar envios e devoluções.',
    fallback_offer_human: () => 'Se preferir, passo-o a uma pessoa da nossa equipa: basta escrever «falar com uma pessoa».',
    handoff_created: ({ eta }) => `Passei o seu pedido a uma pessoa da nossa equipa. ${eta}`,
    handoff_eta_open: ({ hours }) => `Uma pessoa vai responder-lhe dentro de ${hours === 1 ? 'uma hora' : `${hours} horas`}.`,
    handoff_eta_closed: ({ opensAt }) => `Neste momento estamos fechados; uma pessoa vai responder-lhe a partir de ${opensAt}.`,
    handoff_waiting: () => 'Obrigado, juntei isso ao seu pedido. Uma pessoa da nossa equipa vai responder aqui.',
    subscribe_confirmed: ({ orderNumber }) => `Feito! Aviso você quando houver novidades da encomenda ${orderNumber}.`,
    subscribe_needs_order: () => 'Claro! Sobre que encomenda quer receber avisos? Envie o número da encomenda e o e-mail, telefone ou código postal dela.',
    unsubscribe_confirmed: () => 'Feito: não vai receber mais avisos meus. Pode sempre escrever aqui quando quiser.',
    other: () => 'Aqui só posso ajudar com encomendas: onde está, datas de entrega, envios, devoluções e alterações. Para outros assuntos, uma pessoa da nossa equipa ajuda com todo o gosto; basta pedir.',
    other_question_for_team: () => 'Anotei a sua outra pergunta para a nossa equipa; uma pessoa vai responder-lhe.',
  },

  order: {
    notShippedYet: ({ orderId, placed }) => `A sua encomenda ${orderId}, feita em ${placed}, ainda não foi enviada: estamos a prepará-la.`,
    shipBy: ({ date }) => `Deve ser enviada até ${date}.`,
    itemsShipBy: ({ items, date }) => `${items}: envio previsto até ${date}.`,
    deliveryWindow: ({ from, to }) => `Entrega prevista entre ${from} e ${to}.`,
    deliveryOn: ({ date }) => `Entrega prevista: ${date}.`,
    preOrder: ({ item, release, shipBy }) =>
      release ? `${item} é uma pré-venda: é lançado em ${release}${shipBy ? ` e deve ser enviado até ${shipBy}` : ''}.` : `${item} é uma pré-venda: será enviado assim que for lançado e avisamos você quando estiver a caminho.`,
    backorder: ({ item, restock, shipBy }) =>
      restock ? `${item} está a aguardar reposição: esperamos stock em ${restock}${shipBy ? ` e deve ser enviado até ${shipBy}` : ''}.` : `${item} está a aguardar reposição: será enviado assim que chegar stock e avisamos você quando estiver a caminho.`,
    outOfStock: ({ item, restock, shipBy }) =>
      restock ? `${item} está esgotado neste momento: esperamos repô-lo em ${restock}${shipBy ? ` e deve ser enviado até ${shipBy}` : ''}.` : `${item} está esgotado neste momento. Ainda não temos data de reposição, mas será enviado assim que voltar.`,
    merchantDelay: ({ date }) => `A nossa equipa atualizou a data de envio: agora deve ser enviada até ${date}.`,
    late: ({ shipBy }) => `Devia ter sido enviada até ${shipBy}, por isso está atrasada. Peço desculpa.`,
    lateOfferPerson: () => 'Se quiser, peço a uma pessoa da nossa equipa para verificar.',

    infoReceived: ({ orderId, carrier, tracking }) => `A sua encomenda ${orderId} está embalada e tem etiqueta da ${carrier} (número de seguimento ${tracking}); a ${carrier} vai registá-la quando a recolher.`,
    inTransit: ({ orderId, carrier, tracking }) => `A sua encomenda ${orderId} está a caminho com a ${carrier}. Número de seguimento: ${tracking}.`,
    outForDelivery: ({ orderId, carrier, tracking }) => `Boas notícias: a sua encomenda ${orderId} está hoje em distribuição com a ${carrier} (número de seguimento ${tracking}).`,
    failedAttempt: ({ orderId, carrier, tracking, when }) => `A ${carrier} tentou entregar a sua encomenda ${orderId}${when ? ` em ${when}` : ''}, mas não conseguiu (número de seguimento ${tracking}).`,
    failedAttemptNext: () => 'Pode pedir nova entrega ou escolher um ponto de recolha com o aviso deixado ou na página de seguimento; se ficou na loja ou estação dos correios, leve um documento de identificação e o aviso para a levantar.',
    availableForPickup: ({ orderId, carrier, tracking, place }) => `A sua encomenda ${orderId} está pronta para levantar${place ? ` em ${place}` : ` na ${carrier}`} (número de seguimento ${tracking}).`,
    pickupBring: ({ tracking }) => `Leve um documento de identificação e o número de seguimento ${tracking}.`,
    delivered: ({ orderId, when, carrier }) => `A sua encomenda ${orderId} foi entregue pela ${carrier}${when ? ` em ${when}` : ''}.`,
    deliveredWhere: ({ where }) => `Nota da transportadora: ${where}.`,
    exception: ({ orderId, carrier, tracking, what }) => `Há um problema com a entrega da sua encomenda ${orderId}${what ? `: a ${carrier} indica «${what}»` : ` (${carrier})`}. Número de seguimento: ${tracking}. Vou passar o caso à nossa equipa para o resolver consigo.`,
    returned: ({ orderId, carrier, what }) => `A sua encomenda ${orderId} está a ser devolvida para nós pela ${carrier}${what ? ` («${what}»)` : ''}. A nossa equipa vai contactá-lo para combinar novo envio ou o reembolso.`,
    unknownStatus: ({ orderId, carrier, tracking }) => `A sua encomenda ${orderId} foi enviada com a ${carrier} (número de seguimento ${tracking}); a transportadora ainda não deu novidades.`,
    carrierNote: ({ what }) => `Nota da transportadora: «${what}».`,
    lastScan: ({ what, where, when }) => `Última atualização: ${what}${where ? `, ${where}` : ''} (${when}).`,
    eta: ({ date }) => `Entrega prevista: ${date}.`,
    etaPassed: ({ date }) => `Estava prevista para ${date}, por isso está um pouco atrasada. Desculpe a espera.`,
    stuck: ({ since }) => `Peço desculpa: o seguimento não mexe desde ${since}, mais do que o normal. Vou pedir à nossa equipa para verificar com a transportadora.`,
    trackingLink: ({ url }) => `Acompanhe aqui: ${url}`,
    trackingPageLink: ({ url }) => `Tudo sobre a sua encomenda numa só página: ${url}`,

    partialIntro: ({ orderId, count }) => `Parte da sua encomenda ${orderId} já foi enviada (${count > 1 ? `${count} volumes` : 'um volume'} até agora); o resto segue em separado.`,
    packagesIntro: ({ orderId, count }) => `A sua encomenda ${orderId} foi enviada em ${count} volumes separados:`,
    packageLine: ({ n, items, carrier, tracking, status }) => `Volume ${n} (${items}), ${carrier} ${tracking}: ${packageStatus(status)}.`,
    pendingItems: ({ items }) => `Ainda não enviado: ${items}.`,

    cancelled: ({ orderId }) => `A sua encomenda ${orderId} foi cancelada, por isso nada será enviado. Se não estava à espera disto, uma pessoa da nossa equipa pode explicar.`,

    notReceivedDelivered: ({ orderId, when, where }) => `Lamento muito que a sua encomenda ${orderId} não tenha chegado. A transportadora marcou-a como entregue${when ? ` em ${when}` : ''}${where ? ` (${where})` : ''}. Veja junto à porta, na caixa do correio e com os vizinhos; entretanto, passo o caso à nossa equipa para abrir uma reclamação com a transportadora.`,
    damaged: ({ orderId }) => `Lamento que a sua encomenda ${orderId} tenha chegado danificada. Vou passar o caso à nossa equipa para tratar da troca ou do reembolso; uma fotografia do artigo e da caixa ajuda.`,
    wrongItem: ({ orderId }) => `Lamento que tenha recebido o artigo errado na encomenda ${orderId}. Vou passar o caso à nossa equipa para enviar o correto; uma fotografia do que recebeu ajuda.`,
    missingItem: ({ orderId }) => `Lamento que falte algo na encomenda ${orderId}. Vou passar o caso à nossa equipa para o enviar ou reembolsar.`,
    missingButComing: () => 'A sua encomenda vem em mais de um volume, por isso o resto pode ainda estar a caminho. Se depois de chegar tudo ainda faltar alguma coisa, diga-me.',

    changeBeforeShipping: ({ orderId }) => `A sua encomenda ${orderId} ainda não foi enviada, por isso ainda pode ser alterada. Vou passar o seu pedido a uma pessoa da nossa equipa, que vai confirmar a alteração consigo.`,
    changeAfterShipping: ({ orderId, carrier }) => `A sua encomenda ${orderId} já foi enviada com a ${carrier}, por isso não a posso alterar aqui. Muitas vezes pode redirecioná-la nas opções de entrega da ${carrier}, ou uma pessoa da nossa equipa pode ajudar.`,
    changeRedirectLink: ({ url }) => `Opções de entrega: ${url}`,
    changeDelivered: ({ orderId }) => `A sua encomenda ${orderId} já foi entregue, por isso já não pode ser alterada, mas pode devolvê-la.`,

    returnUntil: ({ orderId, delivered, until }) => `A sua encomenda ${orderId} foi entregue em ${delivered}, por isso pode iniciar uma devolução até ${until}.`,
    returnWindowPassed: ({ orderId, delivered, until }) => `A sua encomenda ${orderId} foi entregue em ${delivered}; o prazo de devolução terminou em ${until}. Mesmo assim, uma pessoa da nossa equipa pode analisar o seu caso.`,
    returnAfterDelivery: ({ orderId, days }) => `Quando a encomenda ${orderId} for entregue, terá ${days} dias para a devolver.`,

    subscribe: ({ orderId, events }) => `Feito! Aviso você sobre a encomenda ${orderId}: ${list(events.map((e) => subscribeEvent[e]))}.`,
    subscribeNothingLeft: ({ orderId }) => `A encomenda ${orderId} já chegou ao último passo, por isso não há mais atualizações de seguimento para enviar. Posso ajudar em mais alguma coisa?`,
  },

  policy: {
    destination: ({ place }) => `Envios para ${place}:`,
    rate: ({ method, days, cost, freeOver, free }) => `${method}: ${days}, ${free ? 'grátis' : cost}${freeOver ? ` (grátis em encomendas acima de ${freeOver})` : ''}.`,
    businessDays: ({ min, max }) => (min === max ? `${min} ${min === 1 ? 'dia útil' : 'dias úteis'}` : `${min}-${max} dias úteis`),
    notShipped: ({ place }) => `Lamento, de momento não enviamos para ${place}.`,
    currentNotice: ({ text }) => `Tenha em conta: ${text}`,
  },

  suggestions: {
    person: 'Falar com uma pessoa',
    anotherOrder: 'Seguir outra encomenda',
    returns: 'Como funcionam as devoluções?',
    updates: 'Mantenha-me informado',
    shipping: 'Prazos e custos de envio',
    changeOrder: 'Alterar a encomenda',
  },
  trackingPage: {
    title: ({ orderId }) => `Encomenda ${orderId}`,
    placed: ({ date }) => `Feita em ${date}`,
    stage: { preparing: 'Em preparação', partly_shipped: 'Enviada em parte', on_its_way: 'A caminho', delivered: 'Entregue', cancelled: 'Cancelada' },
    status: {
      info_received: 'Etiqueta criada', in_transit: 'Em trânsito', out_for_delivery: 'Em distribuição', failed_attempt: 'Tentativa de entrega',
      available_for_pickup: 'Pronta para levantar', delivered: 'Entregue', exception: 'Problema na entrega', returned: 'A ser devolvida para nós', unknown: 'Atualização',
    },
    noticesHeading: 'Tenha em conta',
    notShippedHeading: 'Ainda não enviado',
    shipmentsHeading: 'Envios',
    shipmentHeading: ({ n, count, carrier }) => (count > 1 ? `Volume ${n} de ${count}: ${carrier}` : `Volume: ${carrier}`),
    trackingNumber: 'Número de seguimento',
    statusLabel: 'Estado',
    estimatedDelivery: 'Entrega prevista',
    items: 'Artigos',
    carrierSite: ({ carrier }) => `Acompanhe no site da ${carrier}`,
    timelineHeading: 'Histórico do envio',
    noEvents: 'A transportadora ainda não deu novidades.',
    chatHeading: 'Dúvidas sobre esta encomenda?',
    chatIntro: 'Pergunte aqui: o assistente já conhece esta encomenda, não precisa de indicar nenhum dado.',
    chatLoading: 'A estabelecer ligação…',
    noScript: 'O chat precisa de JavaScript; o resto desta página funciona sem ele.',
    languages: 'Idioma',
    notFoundTitle: 'Este link de seguimento não funciona',
    notFoundText: 'Pode ter expirado ou não ter sido copiado por inteiro. Pergunte ao nosso assistente pela sua encomenda e ele dá-lhe um novo.',
  },
};
