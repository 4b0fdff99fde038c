import type { LanguagePack, PackageStatus, SubscribeEvent } from './types';

// German, Sie-Form throughout.

const packageStatus = (s: PackageStatus): string => {
  switch (s.status) {
    case 'info_received': return `Versandetikett erstellt, noch nicht gescannt${s.eta ? `; Zustellung voraussichtlich am ${s.eta}` : ''}`;
    case 'in_transit': return `unterwegs${s.eta ? `, Zustellung voraussichtlich am ${s.eta}` : ''}`;
    case 'unknown': return `versendet${s.eta ? `, Zustellung voraussichtlich am ${s.eta}` : ''}`;
    case 'out_for_delivery': return 'heute in der Zustellung';
    case 'failed_attempt': return 'der Paketdienst hat einen Zustellversuch gemacht, ein weiterer ist nötig';
    case 'available_for_pickup': return 'liegt zur Abholung bereit';
    case 'delivered': return `zugestellt${s.on ? ` am ${s.on}` : ''}`;
    case 'exception': return 'durch ein Zustellproblem aufgehalten';
    case 'returned': return 'geht an uns zurück';
  }
};

const subscribeEvent: Record<SubscribeEvent, string> = {
  ships: 'wenn sie versendet wird',
  out_for_delivery: 'wenn sie in der Zustellung ist',
  delivered: 'wenn sie zugestellt wurde',
  problem: 'falls es eine Verzögerung gibt',
};

const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} und ${xs[xs.length - 1]}`);

export const de: LanguagePack = {
  catalog: {
    ask_order_number: () => 'Gerne helfe ich Ihnen! Wie lautet Ihre Bestellnummer? Sie finden sie in Ihrer Bestellbestätigung per E-Mail.',
    ask_verification: ({ orderNumber }) => `Danke! Damit ich sicher bin, dass Bestellung ${orderNumber} Ihnen gehört, nennen Sie mir bitte die E-Mail-Adresse, die Telefonnummer oder die Postleitzahl der Lieferadresse dieser Bestellung.`,
    ask_order_number_for_details: () => 'Danke! Jetzt brauche ich nur noch die Bestellnummer; sie steht in Ihrer Bestellbestätigung.',
    verification_failed: () => 'Ich konnte diese Angaben nicht bestätigen. Bitte prüfen Sie die Bestellnummer sowie die E-Mail-Adresse, Telefonnummer oder Postleitzahl der Bestellung und versuchen Sie es erneut.',
    verification_locked: () => 'Ich konnte diese Angaben nicht bestätigen und kann hier keine weiteren prüfen. Ich leite Sie an eine Person aus unserem Team weiter, die Ihnen hilft.',
    too_many_details: () => 'Das ist mehr, als ich auf einmal prüfen kann. Bitte senden Sie eine Bestellnummer und eine Angabe aus der Bestellung (E-Mail-Adresse, Telefonnummer oder Postleitzahl).',
    message_truncated: ({ limit }) => `Ihre Nachricht war lang, daher habe ich nur die ersten ${limit} Zeichen gelesen.`,
    choose_order: ({ orders }) => `Ich habe diese offenen Bestellungen gefunden: ${orders.map((o) => `${o.id} (bestellt am ${o.placedDate})`).join(', ')}. Um welche geht es?`,
    other_order_needs_verification: ({ orderNumber }) => `Um Ihnen etwas zu Bestellung ${orderNumber} zu sagen, muss ich auch diese bestätigen: Nennen Sie mir bitte die E-Mail-Adresse, Telefonnummer oder Postleitzahl dieser Bestellung.`,
    verification_required: () => 'Zum Schutz aller Kundendaten gebe ich Auskünfte erst nach der Bestätigung einer Bestellung: Bitte senden Sie die Bestellnummer zusammen mit der E-Mail-Adresse, Telefonnummer oder Postleitzahl.',
    greeting: ({ shopName }) => `Hallo! Ich bin der Assistent von ${shopName}. Ich sage Ihnen, wo Ihre Bestellung ist und wann sie ankommt, und helfe bei Versand und Rücksendungen. Was kann ich für Sie tun?`,
    thanks: () => 'Gern geschehen! Wenn noch etwas ist, schreiben Sie einfach hier.',
    fallback_rephrase: () => 'Entschuldigung, das habe ich nicht ganz verstanden. Können Sie es anders formulieren? Ich kann Bestellungen verfolgen, Liefertermine nennen und Versand und Rücksendungen erklären.',
    fallback_offer_human: () => 'Wenn Sie möchten, verbinde ich Sie mit einer Person aus unserem Team: Schreiben Sie einfach „mit einer Person sprechen“.',
    handoff_created: ({ eta }) => `Ich habe Ihr Anliegen an eine Person aus unserem Team weitergegeben. ${eta}`,
    handoff_eta_open: ({ hours }) => `Eine Person antwortet Ihnen innerhalb von ${hours === 1 ? 'einer Stunde' : `${hours} Stunden`}.`,
    handoff_eta_closed: ({ opensAt }) => `Wir sind gerade nicht erreichbar; eine Person antwortet Ihnen ab ${opensAt}.`,
    handoff_waiting: () => 'Danke, ich habe das zu Ihrem Anliegen hinzugefügt. Eine Person aus unserem Team antwortet Ihnen hier.',
    subscribe_confirmed: ({ orderNumber }) => `Erledigt! Ich gebe Ihnen Bescheid, sobald sich bei Bestellung ${orderNumber} etwas tut.`,
    subscribe_needs_order: () => 'Gerne! Zu welcher Bestellung möchten Sie Updates? Senden Sie mir bitte die Bestellnummer und die E-Mail-Adresse, Telefonnummer oder Postleitzahl dazu.',
    unsubscribe_confirmed: () => 'Erledigt: Sie erhalten keine Updates mehr von mir. Sie können hier aber jederzeit fragen.',
    other: () => 'Hier kann ich nur bei Bestellungen helfen: Sendungsstatus, Liefertermine, Versand, Rücksendungen und Änderungen. Bei allem anderen hilft Ihnen gern eine Person aus unserem Team; fragen Sie einfach danach.',
    other_question_for_team: () => 'Ihre weitere Frage habe ich für unser Team notiert; eine Person meldet sich dazu bei Ihnen.',
  },

  order: {
    notShippedYet: ({ orderId, placed }) => `Ihre Bestellung ${orderId} vom ${placed} ist noch nicht versendet: Wir bereiten sie gerade vor.`,
    shipBy: ({ date }) => `Sie sollte spätestens am ${date} versendet werden.`,
    itemsShipBy: ({ items, date }) => `${items}: Versand spätestens am ${date}.`,
    deliveryWindow: ({ from, to }) => `Voraussichtliche Zustellung: zwischen ${from} und ${to}.`,
    deliveryOn: ({ date }) => `Voraussichtliche Zustellung: ${date}.`,
    preOrder: ({ item, release, shipBy }) =>
      release ? `${item} ist eine Vorbestellung: Der Artikel erscheint am ${release}${shipBy ? ` und wird spätestens am ${shipBy} versendet` : ''}.` : `${item} ist eine Vorbestellung: Der Artikel wird versendet, sobald er erscheint, und wir geben Ihnen Bescheid, wenn er unterwegs ist.`,
    backorder: ({ item, restock, shipBy }) =>
      restock ? `${item} ist nachbestellt: Wir erwarten neue Ware am ${restock}${shipBy ? `, Versand spätestens am ${shipBy}` : ''}.` : `${item} ist nachbestellt: Der Artikel wird versendet, sobald neue Ware eintrifft, und wir geben Ihnen Bescheid, wenn er unterwegs ist.`,
    outOfStock: ({ item, restock, shipBy }) =>
      restock ? `${item} ist gerade nicht vorrätig: Wir erwarten ihn am ${restock} zurück${shipBy ? `, Versand spätestens am ${shipBy}` : ''}.` : `${item} ist gerade nicht vorrätig. Ein Liefertermin steht noch nicht fest, aber wir versenden ihn, sobald er wieder da ist.`,
    merchantDelay: ({ date }) => `Unser Team hat den Versandtermin aktualisiert: Die Bestellung soll jetzt spätestens am ${date} versendet werden.`,
    late: ({ shipBy }) => `Sie hätte spätestens am ${shipBy} versendet werden sollen und ist damit leider verspätet. Das tut mir leid.`,
    lateOfferPerson: () => 'Wenn Sie möchten, bitte ich eine Person aus unserem Team, sich darum zu kümmern.',

    infoReceived: ({ orderId, carrier, tracking }) => `Ihre Bestellung ${orderId} ist verpackt und hat ein ${carrier}-Versandetikett (Sendungsnummer ${tracking}); ${carrier} scannt das Paket bei der Abholung.`,
    inTransit: ({ orderId, carrier, tracking }) => `Ihre Bestellung ${orderId} ist mit ${carrier} unterwegs. Sendungsnummer: ${tracking}.`,
    outForDelivery: ({ orderId, carrier, tracking }) => `Gute Nachricht: Ihre Bestellung ${orderId} ist heute mit ${carrier} in der Zustellung (Sendungsnummer ${tracking}).`,
    failedAttempt: ({ orderId, carrier, tracking, when }) => `${carrier} hat versucht, Ihre Bestellung ${orderId}${when ? ` am ${when}` : ''} zuzustellen, leider ohne Erfolg (Sendungsnummer ${tracking}).`,
    failedAttemptNext: () => 'Mit der hinterlassenen Benachrichtigungskarte oder auf der Sendungsverfolgungsseite können Sie eine neue Zustellung oder eine Abholstelle wählen; liegt das Paket in der Filiale, nehmen Sie zur Abholung Ihren Ausweis und die Karte mit.',
    availableForPickup: ({ orderId, carrier, tracking, place }) => `Ihre Bestellung ${orderId} liegt zur Abholung bereit${place ? `: ${place}` : ` bei ${carrier}`} (Sendungsnummer ${tracking}).`,
    pickupBring: ({ tracking }) => `Bitte bringen Sie Ihren Ausweis und die Sendungsnummer ${tracking} mit.`,
    delivered: ({ orderId, when, carrier }) => `Ihre Bestellung ${orderId} wurde${when ? ` am ${when}` : ''} von ${carrier} zugestellt.`,
    deliveredWhere: ({ where }) => `Hinweis des Paketdienstes: ${where}.`,
    exception: ({ orderId, carrier, tracking, what }) => `Bei der Zustellung Ihrer Bestellung ${orderId} gibt es ein Problem${what ? `: ${carrier} meldet „${what}“` : ` (${carrier})`}. Sendungsnummer: ${tracking}. Ich gebe das an unser Team weiter, damit es die Sache mit Ihnen klärt.`,
    returned: ({ orderId, carrier, what }) => `Ihre Bestellung ${orderId} wird von ${carrier} an uns zurückgeschickt${what ? ` („${what}“)` : ''}. Unser Team meldet sich bei Ihnen, um eine neue Zustellung oder eine Erstattung zu vereinbaren.`,
    unknownStatus: ({ orderId, carrier, tracking }) => `Ihre Bestellung ${orderId} wurde mit ${carrier} versendet (Sendungsnummer ${tracking}); der Paketdienst hat noch keine Neuigkeiten gemeldet.`,
    carrierNote: ({ what }) => `Hinweis des Paketdienstes: „${what}“.`,
    lastScan: ({ what, where, when }) => `Letzte Meldung: ${what}${where ? `, ${where}` : ''} (${when}).`,
    eta: ({ date }) => `Voraussichtliche Zustellung: ${date}.`,
    etaPassed: ({ date }) => `Sie war für ${date} angekündigt und ist damit etwas verspätet. Entschuldigen Sie bitte die Wartezeit.`,
    stuck: ({ since }) => `Das tut mir leid: Die Sendungsverfolgung hat sich seit ${since} nicht verändert, das ist länger als üblich. Ich bitte unser Team, das mit dem Paketdienst zu klären.`,
    trackingLink: ({ url }) => `Hier können Sie sie verfolgen: ${url}`,
    trackingPageLink: ({ url }) => `Alles zu Ihrer Bestellung auf einer Seite: ${url}`,

    partialIntro: ({ orderId, count }) => `Ein Teil Ihrer Bestellung ${orderId} ist bereits versendet (bisher ${count > 1 ? `${count} Pakete` : 'ein Paket'}); der Rest folgt separat.`,
    packagesIntro: ({ orderId, count }) => `Ihre Bestellung ${orderId} wurde in ${count} separaten Paketen versendet:`,
    packageLine: ({ n, items, carrier, tracking, status }) => `Paket ${n} (${items}), ${carrier} ${tracking}: ${packageStatus(status)}.`,
    pendingItems: ({ items }) => `Noch nicht versendet: ${items}.`,

    cancelled: ({ orderId }) => `Ihre Bestellung ${orderId} wurde storniert, es wird also nichts versendet. Falls Sie das nicht erwartet haben, erklärt Ihnen eine Person aus unserem Team gern, warum.`,

    notReceivedDelivered: ({ orderId, when, where }) => `Es tut mir sehr leid, dass Ihre Bestellung ${orderId} nicht angekommen ist. Der Paketdienst hat sie als zugestellt gemeldet${when ? ` (${when})` : ''}${where ? `: ${where}` : ''}. Bitte schauen Sie an der Tür, im Briefkasten und bei den Nachbarn nach; in der Zwischenzeit gebe ich das an unser Team weiter, damit es einen Nachforschungsauftrag beim Paketdienst stellt.`,
    damaged: ({ orderId }) => `Es tut mir leid, dass Ihre Bestellung ${orderId} beschädigt angekommen ist. Ich gebe das an unser Team weiter, damit es Ersatz oder eine Erstattung veranlasst; ein Foto von Artikel und Karton hilft dabei.`,
    wrongItem: ({ orderId }) => `Es tut mir leid, dass Sie in Bestellung ${orderId} einen falschen Artikel erhalten haben. Ich gebe das an unser Team weiter, damit es Ihnen den richtigen schickt; ein Foto der erhaltenen Ware hilft dabei.`,
    missingItem: ({ orderId }) => `Es tut mir leid, dass in Bestellung ${orderId} etwas fehlt. Ich gebe das an unser Team weiter, damit es den Artikel nachsendet oder erstattet.`,
    missingButComing: () => 'Ihre Bestellung kommt in mehreren Paketen, der Rest ist also vielleicht noch unterwegs. Wenn nach Ankunft aller Pakete noch etwas fehlt, sagen Sie mir einfach Bescheid.',

    changeBeforeShipping: ({ orderId }) => `Ihre Bestellung ${orderId} ist noch nicht versendet und kann daher noch geändert werden. Ich gebe Ihren Wunsch an eine Person aus unserem Team weiter, die Ihnen die Änderung bestätigt.`,
    changeAfterShipping: ({ orderId, carrier }) => `Ihre Bestellung ${orderId} ist bereits mit ${carrier} unterwegs, daher kann ich sie hier nicht mehr ändern. Oft können Sie sie über die Zustelloptionen von ${carrier} umleiten, oder eine Person aus unserem Team hilft Ihnen.`,
    changeRedirectLink: ({ url }) => `Zustelloptionen: ${url}`,
    changeDelivered: ({ orderId }) => `Ihre Bestellung ${orderId} wurde bereits zugestellt und kann nicht mehr geändert werden, aber Sie können sie zurückschicken.`,

    returnUntil: ({ orderId, delivered, until }) => `Ihre Bestellung ${orderId} wurde am ${delivered} zugestellt; Sie können eine Rücksendung bis ${until} starten.`,
    returnWindowPassed: ({ orderId, delivered, until }) => `Ihre Bestellung ${orderId} wurde am ${delivered} zugestellt; die Rückgabefrist ist am ${until} abgelaufen. Eine Person aus unserem Team kann sich Ihren Fall trotzdem ansehen.`,
    returnAfterDelivery: ({ orderId, days }) => `Sobald Bestellung ${orderId} zugestellt ist, haben Sie ${days} Tage Zeit für eine Rücksendung.`,

    subscribe: ({ orderId, events }) => `Erledigt! Ich gebe Ihnen zu Bestellung ${orderId} Bescheid: ${list(events.map((e) => subscribeEvent[e]))}.`,
    subscribeNothingLeft: ({ orderId }) => `Bestellung ${orderId} hat ihren letzten Schritt bereits erreicht, es gibt also keine weiteren Sendungsupdates. Kann ich sonst noch helfen?`,
  },

  policy: {
    destination: ({ place }) => `Versandziel ${place}:`,
    rate: ({ method, days, cost, freeOver, free }) => `${method}: ${days}, ${free ? 'kostenlos' : cost}${freeOver ? ` (kostenlos ab ${freeOver} Bestellwert)` : ''}.`,
    businessDays: ({ min, max }) => (min === max ? `${min} ${min === 1 ? 'Werktag' : 'Werktage'}` : `${min}-${max} Werktage`),
    notShipped: ({ place }) => `Leider liefern wir derzeit nicht nach ${place}.`,
    currentNotice: ({ text }) => `Bitte beachten Sie: ${text}`,
  },

  suggestions: {
    person: 'Mit einer Person sprechen',
    anotherOrder: 'Andere Bestellung verfolgen',
    returns: 'Wie funktioniert die Rücksendung?',
    updates: 'Halten Sie mich auf dem Laufenden',
    shipping: 'Versandzeiten und -kosten',
    changeOrder: 'Bestellung ändern',
  },
  trackingPage: {
    title: ({ orderId }) => `Bestellung ${orderId}`,
    placed: ({ date }) => `Bestellt am ${date}`,
    stage: { preparing: 'In Vorbereitung', partly_shipped: 'Teilweise versendet', on_its_way: 'Unterwegs', delivered: 'Zugestellt', cancelled: 'Storniert' },
    status: {
      info_received: 'Versandetikett erstellt', in_transit: 'Unterwegs', out_for_delivery: 'In Zustellung', failed_attempt: 'Zustellversuch',
      available_for_pickup: 'Zur Abholung bereit', delivered: 'Zugestellt', exception: 'Zustellproblem', returned: 'Geht an uns zurück', unknown: 'Aktualisierung',
    },
    noticesHeading: 'Bitte beachten Sie',
    notShippedHeading: 'Noch nicht versendet',
    shipmentsHeading: 'Sendungen',
    shipmentHeading: ({ n, count, carrier }) => (count > 1 ? `Paket ${n} von ${count}: ${carrier}` : `Paket: ${carrier}`),
    trackingNumber: 'Sendungsnummer',
    statusLabel: 'Status',
    estimatedDelivery: 'Voraussichtliche Zustellung',
    items: 'Artikel',
    carrierSite: ({ carrier }) => `Auf der Website von ${carrier} verfolgen`,
    timelineHeading: 'Sendungsverlauf',
    noEvents: 'Noch keine Meldung des Paketdienstes.',
    chatHeading: 'Fragen zu dieser Bestellung?',
    chatIntro: 'Fragen Sie hier: Der Assistent kennt diese Bestellung schon, Sie müssen keine Angaben machen.',
    chatLoading: 'Verbindung wird hergestellt…',
    noScript: 'Der Chat braucht JavaScript; alles andere auf dieser Seite funktioniert ohne.',
    languages: 'Sprache',
    notFoundTitle: 'Dieser Link zur Sendungsverfolgung funktioniert nicht',
    notFoundText: 'Er ist vielleicht abgelaufen oder wurde unvollständig kopiert. Fragen Sie unseren Assistenten nach Ihrer Bestellung, dann bekommen Sie einen neuen.',
  },
};
