import type { LanguagePack, PackageStatus, SubscribeEvent } from './types';

// Italian, informal "tu" throughout: the friendly register most Italian shops use in chat.

const packageStatus = (s: PackageStatus): string => {
  switch (s.status) {
    case 'info_received': return `etichetta creata, non ancora scansionato${s.eta ? `; consegna prevista ${s.eta}` : ''}`;
    case 'in_transit': return `in viaggio${s.eta ? `, consegna prevista ${s.eta}` : ''}`;
    case 'unknown': return `spedito${s.eta ? `, consegna prevista ${s.eta}` : ''}`;
    case 'out_for_delivery': return 'in consegna oggi';
    case 'failed_attempt': return 'il corriere ha tentato la consegna e ne servirà un\'altra';
    case 'available_for_pickup': return 'pronto per il ritiro';
    case 'delivered': return `consegnato${s.on ? ` ${s.on}` : ''}`;
    case 'exception': return 'fermo per un problema di consegna';
    case 'returned': return 'in ritorno verso di noi';
  }
};

const subscribeEvent: Record<SubscribeEvent, string> = {
  ships: 'quando verrà spedito',
  out_for_delivery: 'quando sarà in consegna',
  delivered: 'quando sarà consegnato',
  problem: 'se ci saranno ritardi',
};

const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} e ${xs[xs.length - 1]}`);

export const it: LanguagePack = {
  catalog: {
    ask_order_number: () => 'Ti aiuto volentieri! Qual è il numero del tuo ordine? Lo trovi nell\'e-mail di conferma dell\'ordine.',
    ask_verification: ({ orderNumber }) => `Grazie! Per essere sicuro che l'ordine ${orderNumber} sia tuo, dimmi l'indirizzo e-mail, il numero di telefono o il CAP di consegna indicati nell'ordine.`,
    ask_order_number_for_details: () => 'Grazie! Ora mi serve solo il numero dell\'ordine; lo trovi nell\'e-mail di conferma.',
    verification_failed: () => 'Non sono riuscito a verificare questi dati. Controlla il numero dell\'ordine e l\'e-mail, il telefono o il CAP dell\'ordine e riprova.',
    verification_locked: () => 'Non sono riuscito a verificare questi dati e non posso controllarne altri qui, quindi ti passo a una persona del nostro team che ti aiuterà.',
    too_many_details: () => "Sono più dati di quanti ne possa controllare insieme. Mandami un numero d'ordine e un dato dell'ordine (e-mail, telefono o CAP).",
    message_truncated: ({ limit }) => `Il tuo messaggio era lungo, quindi ho letto solo i primi ${limit} caratteri.`,
    choose_order: ({ orders }) => `Ho trovato questi ordini aperti: ${orders.map((o) => `${o.id} (effettuato ${o.placedDate})`).join(', ')}. Di quale vuoi sapere?`,
    other_order_needs_verification: ({ orderNumber }) => `Per darti informazioni sull'ordine ${orderNumber} devo verificare anche quello: dimmi l'e-mail, il telefono o il CAP di quell'ordine.`,
    verification_required: () => 'Per la privacy di tutti posso dare dettagli su un ordine solo dopo averlo verificato: mandami il numero dell\'ordine insieme all\'e-mail, al telefono o al CAP.',
    greeting: ({ shopName }) => `Ciao! Sono l'assistente di ${shopName}. Posso dirti dov'è il tuo ordine e quando arriva, e aiutarti con spedizioni e resi. Cosa posso fare per te?`,
    thanks: () => 'Figurati! Se ti serve altro, scrivimi qui.',
    fallback_rephrase: () => 'Scusa, non ho capito bene. Puoi dirlo in un altro modo? Posso seguire gli ordini, darti le date di consegna e spiegarti spedizioni e resi.',
    fallback_offer_human: () => 'Se preferisci, ti passo a una persona del nostro team: scrivi semplicemente «parlare con una persona».',
    handoff_created: ({ eta }) => `Ho passato la tua richiesta a una persona del nostro team. ${eta}`,
    handoff_eta_open: ({ hours }) => `Una persona ti risponderà entro ${hours === 1 ? 'un\'ora' : `${hours} ore`}.`,
    handoff_eta_closed: ({ opensAt }) => `In questo momento siamo chiusi; una persona ti risponderà a partire da ${opensAt}.`,
    handoff_waiting: () => 'Grazie, l\'ho aggiunto alla tua richiesta. Una persona del nostro team ti risponderà qui.',
    subscribe_confirmed: ({ orderNumber }) => `Fatto! Ti avviso appena ci sono novità sull'ordine ${orderNumber}.`,
    subscribe_needs_order: () => 'Certo! Per quale ordine vuoi ricevere aggiornamenti? Mandami il numero dell\'ordine e la sua e-mail, il telefono o il CAP.',
    unsubscribe_confirmed: () => 'Fatto: non riceverai più aggiornamenti da me. Puoi comunque scrivermi qui quando vuoi.',
    other: () => 'Qui posso aiutarti solo con gli ordini: dov\'è un ordine, date di consegna, spedizioni, resi e modifiche. Per tutto il resto una persona del nostro team ti aiuta volentieri; basta chiederlo.',
    other_question_for_team: () => 'Ho segnato l\'altra domanda per il nostro team; una persona ti risponderà.',
  },

  order: {
    notShippedYet: ({ orderId, placed }) => `Il tuo ordine ${orderId}, effettuato ${placed}, non è ancora stato spedito: lo stiamo preparando.`,
    shipBy: ({ date }) => `Dovrebbe partire entro ${date}.`,
    itemsShipBy: ({ items, date }) => `${items}: spedizione prevista entro ${date}.`,
    deliveryWindow: ({ from, to }) => `Consegna prevista tra ${from} e ${to}.`,
    deliveryOn: ({ date }) => `Consegna prevista: ${date}.`,
    preOrder: ({ item, release, shipBy }) =>
      release ? `${item} è in preordine: esce ${release}${shipBy ? ` e dovrebbe partire entro ${shipBy}` : ''}.` : `${item} è in preordine: partirà appena disponibile e ti avviseremo quando sarà in viaggio.`,
    backorder: ({ item, restock, shipBy }) =>
      restock ? `${item} è in riassortimento: aspettiamo nuova merce ${restock}${shipBy ? ` e dovrebbe partire entro ${shipBy}` : ''}.` : `${item} è in riassortimento: partirà appena arriva nuova merce e ti avviseremo quando sarà in viaggio.`,
    outOfStock: ({ item, restock, shipBy }) =>
      restock ? `${item} al momento è esaurito: lo aspettiamo ${restock}${shipBy ? ` e dovrebbe partire entro ${shipBy}` : ''}.` : `${item} al momento è esaurito. Non abbiamo ancora una data di riassortimento, ma partirà appena torna disponibile.`,
    merchantDelay: ({ date }) => `Il nostro team ha aggiornato la data di spedizione: ora dovrebbe partire entro ${date}.`,
    late: ({ shipBy }) => `Doveva partire entro ${shipBy}, quindi è in ritardo. Mi dispiace molto.`,
    lateOfferPerson: () => 'Se vuoi, chiedo a una persona del nostro team di controllare.',

    infoReceived: ({ orderId, carrier, tracking }) => `Il tuo ordine ${orderId} è imballato e ha un'etichetta ${carrier} (numero di tracking ${tracking}); ${carrier} lo scansionerà al ritiro.`,
    inTransit: ({ orderId, carrier, tracking }) => `Il tuo ordine ${orderId} è in viaggio con ${carrier}. Numero di tracking: ${tracking}.`,
    outForDelivery: ({ orderId, carrier, tracking }) => `Buone notizie: il tuo ordine ${orderId} è in consegna oggi con il corriere ${carrier} (numero di tracking ${tracking}).`,
    failedAttempt: ({ orderId, carrier, tracking, when }) => `${carrier} ha provato a consegnare il tuo ordine ${orderId}${when ? ` ${when}` : ''}, ma senza successo (numero di tracking ${tracking}).`,
    failedAttemptNext: () => 'Puoi chiedere una nuova consegna o scegliere un punto di ritiro con l\'avviso lasciato dal corriere o dalla pagina di tracking; se il pacco è all\'ufficio postale, porta un documento d\'identità e l\'avviso per ritirarlo.',
    availableForPickup: ({ orderId, carrier, tracking, place }) => `Il tuo ordine ${orderId} è pronto per il ritiro${place ? ` presso ${place}` : ` da ${carrier}`} (numero di tracking ${tracking}).`,
    pickupBring: ({ tracking }) => `Porta un documento d'identità e il numero di tracking ${tracking}.`,
    delivered: ({ orderId, when, carrier }) => `Il tuo ordine ${orderId} è stato consegnato da ${carrier}${when ? ` ${when}` : ''}.`,
    deliveredWhere: ({ where }) => `Nota del corriere: ${where}.`,
    exception: ({ orderId, carrier, tracking, what }) => `C'è un problema con la consegna del tuo ordine ${orderId}${what ? `: ${carrier} segnala «${what}»` : ` (${carrier})`}. Numero di tracking: ${tracking}. Passo il caso al nostro team perché lo risolva con te.`,
    returned: ({ orderId, carrier, what }) => `Il tuo ordine ${orderId} ci sta tornando indietro con ${carrier}${what ? ` («${what}»)` : ''}. Il nostro team ti contatterà per organizzare una nuova spedizione o il rimborso.`,
    unknownStatus: ({ orderId, carrier, tracking }) => `Il tuo ordine ${orderId} è stato spedito con ${carrier} (numero di tracking ${tracking}); il corriere non ha ancora dato aggiornamenti.`,
    carrierNote: ({ what }) => `Nota del corriere: «${what}».`,
    lastScan: ({ what, where, when }) => `Ultimo aggiornamento: ${what}${where ? `, ${where}` : ''} (${when}).`,
    eta: ({ date }) => `Consegna prevista: ${date}.`,
    etaPassed: ({ date }) => `Era previsto per ${date}, quindi è un po' in ritardo. Scusa per l'attesa.`,
    stuck: ({ since }) => `Mi dispiace: il tracking non si muove da ${since}, più del normale. Chiedo al nostro team di verificare con il corriere.`,
    trackingLink: ({ url }) => `Seguilo qui: ${url}`,
    trackingPageLink: ({ url }) => `Tutto sul tuo ordine in una sola pagina: ${url}`,

    partialIntro: ({ orderId, count }) => `Una parte del tuo ordine ${orderId} è già partita (${count > 1 ? `${count} pacchi` : 'un pacco'} per ora); il resto arriverà a parte.`,
    packagesIntro: ({ orderId, count }) => `Il tuo ordine ${orderId} è stato spedito in ${count} pacchi separati:`,
    packageLine: ({ n, items, carrier, tracking, status }) => `Pacco ${n} (${items}), ${carrier} ${tracking}: ${packageStatus(status)}.`,
    pendingItems: ({ items }) => `Non ancora spedito: ${items}.`,

    cancelled: ({ orderId }) => `Il tuo ordine ${orderId} è stato annullato, quindi non verrà spedito nulla. Se non te lo aspettavi, una persona del nostro team può spiegarti il motivo.`,

    notReceivedDelivered: ({ orderId, when, where }) => `Mi dispiace davvero che il tuo ordine ${orderId} non sia arrivato. Il corriere lo ha segnato come consegnato${when ? ` ${when}` : ''}${where ? ` (${where})` : ''}. Controlla vicino alla porta, nella cassetta della posta e dai vicini; intanto passo il caso al nostro team perché apra un reclamo con il corriere.`,
    damaged: ({ orderId }) => `Mi dispiace che il tuo ordine ${orderId} sia arrivato danneggiato. Passo il caso al nostro team per una sostituzione o un rimborso; una foto dell'articolo e della scatola sarà utile.`,
    wrongItem: ({ orderId }) => `Mi dispiace che nell'ordine ${orderId} sia arrivato un articolo sbagliato. Passo il caso al nostro team per spedirti quello giusto; una foto di ciò che hai ricevuto sarà utile.`,
    missingItem: ({ orderId }) => `Mi dispiace che manchi qualcosa nell'ordine ${orderId}. Passo il caso al nostro team per spedirtelo o rimborsarlo.`,
    missingButComing: () => 'Il tuo ordine arriva in più pacchi, quindi il resto potrebbe essere ancora in viaggio. Se quando è arrivato tutto manca ancora qualcosa, dimmelo.',

    changeBeforeShipping: ({ orderId }) => `Il tuo ordine ${orderId} non è ancora partito, quindi si può ancora modificare. Passo la tua richiesta a una persona del nostro team, che ti confermerà la modifica.`,
    changeAfterShipping: ({ orderId, carrier }) => `Il tuo ordine ${orderId} è già stato spedito con ${carrier}, quindi non posso modificarlo da qui. Spesso puoi deviarlo con le opzioni di consegna di ${carrier}, oppure può aiutarti una persona del nostro team.`,
    changeRedirectLink: ({ url }) => `Opzioni di consegna: ${url}`,
    changeDelivered: ({ orderId }) => `Il tuo ordine ${orderId} è già stato consegnato, quindi non si può più modificare, ma puoi restituirlo.`,

    returnUntil: ({ orderId, delivered, until }) => `Il tuo ordine ${orderId} è stato consegnato ${delivered}, quindi puoi avviare un reso fino a ${until}.`,
    returnWindowPassed: ({ orderId, delivered, until }) => `Il tuo ordine ${orderId} è stato consegnato ${delivered}; il periodo di reso è terminato ${until}. Una persona del nostro team può comunque valutare il tuo caso.`,
    returnAfterDelivery: ({ orderId, days }) => `Quando l'ordine ${orderId} sarà consegnato, avrai ${days} giorni per restituirlo.`,

    subscribe: ({ orderId, events }) => `Fatto! Ti avviserò sull'ordine ${orderId}: ${list(events.map((e) => subscribeEvent[e]))}.`,
    subscribeNothingLeft: ({ orderId }) => `L'ordine ${orderId} è già arrivato all'ultimo passaggio, quindi non ci sono altri aggiornamenti di tracking da inviare. Posso aiutarti in altro?`,
  },

  policy: {
    destination: ({ place }) => `Destinazione ${place}:`,
    rate: ({ method, days, cost, freeOver, free }) => `${method}: ${days}, ${free ? 'gratis' : cost}${freeOver ? ` (gratis per ordini oltre ${freeOver})` : ''}.`,
    businessDays: ({ min, max }) => (min === max ? `${min} ${min === 1 ? 'giorno lavorativo' : 'giorni lavorativi'}` : `${min}-${max} giorni lavorativi`),
    notShipped: ({ place }) => `Mi dispiace, al momento non spediamo verso ${place}.`,
    currentNotice: ({ text }) => `Da sapere: ${text}`,
  },

  suggestions: {
    person: 'Parlare con una persona',
    anotherOrder: 'Segui un altro ordine',
    returns: 'Come funzionano i resi?',
    updates: 'Tienimi aggiornato',
    shipping: 'Tempi e costi di spedizione',
    changeOrder: 'Modificare l\'ordine',
  },
  trackingPage: {
    title: ({ orderId }) => `Ordine ${orderId}`,
    placed: ({ date }) => `Effettuato ${date}`,
    stage: { preparing: 'In preparazione', partly_shipped: 'Spedito in parte', on_its_way: 'In viaggio', delivered: 'Consegnato', cancelled: 'Annullato' },
    status: {
      info_received: 'Etichetta creata', in_transit: 'In transito', out_for_delivery: 'In consegna', failed_attempt: 'Tentativo di consegna',
      available_for_pickup: 'Pronto per il ritiro', delivered: 'Consegnato', exception: 'Problema di consegna', returned: 'In ritorno verso di noi', unknown: 'Aggiornamento',
    },
    noticesHeading: 'Da sapere',
    notShippedHeading: 'Non ancora spedito',
    shipmentsHeading: 'Spedizioni',
    shipmentHeading: ({ n, count, carrier }) => (count > 1 ? `Pacco ${n} di ${count}: ${carrier}` : `Pacco: ${carrier}`),
    trackingNumber: 'Numero di tracciamento',
    statusLabel: 'Stato',
    estimatedDelivery: 'Consegna prevista',
    items: 'Articoli',
    carrierSite: ({ carrier }) => `Seguilo sul sito di ${carrier}`,
    timelineHeading: 'Cronologia della spedizione',
    noEvents: 'Il corriere non ha ancora dato aggiornamenti.',
    chatHeading: 'Domande su questo ordine?',
    chatIntro: "Chiedi qui: l'assistente conosce già questo ordine, non dovrai dargli nessun dato.",
    chatLoading: 'Connessione…',
    noScript: 'La chat ha bisogno di JavaScript; il resto della pagina funziona anche senza.',
    languages: 'Lingua',
    notFoundTitle: 'Questo link di tracciamento non funziona',
    notFoundText: 'Forse è scaduto o non è stato copiato per intero. Chiedi al nostro assistente del tuo ordine e te ne darà uno nuovo.',
  },
};
