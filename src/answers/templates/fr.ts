import type { LanguagePack, PackageStatus, SubscribeEvent } from './types';

// French, vouvoiement throughout.

const packageStatus = (s: PackageStatus): string => {
  switch (s.status) {
    case 'info_received': return `étiquette créée, pas encore scanné${s.eta ? ` ; livraison prévue le ${s.eta}` : ''}`;
    case 'in_transit': return `en route${s.eta ? `, livraison prévue le ${s.eta}` : ''}`;
    case 'unknown': return `expédié${s.eta ? `, livraison prévue le ${s.eta}` : ''}`;
    case 'out_for_delivery': return "en cours de livraison aujourd'hui";
    case 'failed_attempt': return 'le transporteur a tenté de le livrer, une nouvelle tentative est nécessaire';
    case 'available_for_pickup': return 'disponible au retrait';
    case 'delivered': return `livré${s.on ? ` le ${s.on}` : ''}`;
    case 'exception': return 'bloqué par un incident de livraison';
    case 'returned': return 'en retour vers nous';
  }
};

const subscribeEvent: Record<SubscribeEvent, string> = {
  ships: 'quand elle sera expédiée',
  out_for_delivery: 'quand elle sera en cours de livraison',
  delivered: 'quand elle sera livrée',
  problem: 'en cas de retard',
};

const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} et ${xs[xs.length - 1]}`);

export const fr: LanguagePack = {
  catalog: {
    ask_order_number: () => 'Avec plaisir ! Quel est votre numéro de commande ? Vous le trouverez dans l\'e-mail de confirmation de commande.',
    ask_verification: ({ orderNumber }) => `Merci ! Pour vérifier que la commande ${orderNumber} est bien la vôtre, indiquez-moi l'adresse e-mail, le numéro de téléphone ou le code postal de livraison de la commande.`,
    ask_order_number_for_details: () => 'Merci ! Il me faut maintenant le numéro de commande ; il figure dans votre e-mail de confirmation.',
    verification_failed: () => "Je n'ai pas pu vérifier ces informations. Vérifiez le numéro de commande et l'e-mail, le téléphone ou le code postal de la commande, puis réessayez.",
    verification_locked: () => "Je n'ai pas pu vérifier ces informations et je ne peux pas en vérifier d'autres ici : je vous mets en relation avec un conseiller de notre équipe.",
    too_many_details: () => "C'est plus que je ne peux vérifier en une fois. Envoyez-moi un numéro de commande et une information de la commande (son e-mail, son téléphone ou son code postal).",
    message_truncated: ({ limit }) => `Votre message était long : je n'en ai lu que les ${limit} premiers caractères.`,
    choose_order: ({ orders }) => `J'ai trouvé ces commandes en cours : ${orders.map((o) => `${o.id} (passée le ${o.placedDate})`).join(', ')}. Laquelle vous intéresse ?`,
    other_order_needs_verification: ({ orderNumber }) => `Pour vous parler de la commande ${orderNumber}, je dois aussi la vérifier : indiquez-moi l'e-mail, le téléphone ou le code postal de cette commande.`,
    verification_required: () => 'Par souci de confidentialité, je ne donne des informations sur une commande qu\'une fois vérifiée : envoyez le numéro de commande avec son e-mail, son téléphone ou son code postal.',
    greeting: ({ shopName }) => `Bonjour ! Je suis l'assistant de ${shopName}. Je peux vous dire où en est votre commande, quand elle arrivera, et vous aider pour la livraison et les retours. Que puis-je faire pour vous ?`,
    thanks: () => 'Avec plaisir ! Si vous avez une autre question, écrivez-moi ici.',
    fallback_rephrase: () => "Pardon, je n'ai pas bien compris. Pouvez-vous le formuler autrement ? Je peux suivre une commande, donner une date de livraison et expliquer la livraison et les retours.",
    fallback_offer_human: () => 'Si vous préférez, je peux vous mettre en relation avec un conseiller : dites simplement « parler à un conseiller ».',
    handoff_created: ({ eta }) => `J'ai transmis votre demande à un conseiller de notre équipe. ${eta}`,
    handoff_eta_open: ({ hours }) => `Un conseiller vous répondra d'ici ${hours === 1 ? 'une heure' : `${hours} heures`}.`,
    handoff_eta_closed: ({ opensAt }) => `Nous sommes fermés pour le moment ; un conseiller vous répondra à partir de ${opensAt}.`,
    handoff_waiting: () => "Merci, je l'ai ajouté à votre demande. Un conseiller de notre équipe vous répondra ici.",
    subscribe_confirmed: ({ orderNumber }) => `C'est noté ! Je vous préviendrai dès qu'il y aura du nouveau pour la commande ${orderNumber}.`,
    subscribe_needs_order: () => 'Bien sûr ! Pour quelle commande souhaitez-vous être prévenu ? Envoyez le numéro de commande et son e-mail, son téléphone ou son code postal.',
    unsubscribe_confirmed: () => "C'est fait : vous ne recevrez plus de notifications de ma part. Vous pouvez toujours m'écrire ici.",
    other: () => "Ici, je peux seulement vous aider pour vos commandes : suivi, dates de livraison, expédition, retours et modifications. Pour le reste, un conseiller de notre équipe vous aidera volontiers ; il suffit de le demander.",
    other_question_for_team: () => "J'ai noté votre autre question pour notre équipe ; un conseiller vous répondra.",
  },

  order: {
    notShippedYet: ({ orderId, placed }) => `Votre commande ${orderId}, passée le ${placed}, n'est pas encore expédiée : nous la préparons.`,
    shipBy: ({ date }) => `Elle devrait être expédiée au plus tard le ${date}.`,
    itemsShipBy: ({ items, date }) => `${items} : expédition prévue au plus tard le ${date}.`,
    deliveryWindow: ({ from, to }) => `Livraison prévue entre le ${from} et le ${to}.`,
    deliveryOn: ({ date }) => `Livraison prévue le ${date}.`,
    preOrder: ({ item, release, shipBy }) =>
      release ? `${item} est en précommande : sa sortie est prévue le ${release}${shipBy ? ` et l'expédition au plus tard le ${shipBy}` : ''}.` : `${item} est en précommande : il sera expédié dès sa sortie et nous vous préviendrons de son envoi.`,
    backorder: ({ item, restock, shipBy }) =>
      restock ? `${item} est en réapprovisionnement : nous attendons du stock le ${restock}${shipBy ? ` et l'expédition au plus tard le ${shipBy}` : ''}.` : `${item} est en réapprovisionnement : il sera expédié dès l'arrivée du stock et nous vous préviendrons de son envoi.`,
    outOfStock: ({ item, restock, shipBy }) =>
      restock ? `${item} est momentanément en rupture de stock : retour prévu le ${restock}${shipBy ? `, expédition au plus tard le ${shipBy}` : ''}.` : `${item} est momentanément en rupture de stock. Nous n'avons pas encore de date de retour, mais il sera expédié dès qu'il sera disponible.`,
    merchantDelay: ({ date }) => `Notre équipe a mis à jour la date d'expédition : elle est désormais prévue au plus tard le ${date}.`,
    late: ({ shipBy }) => `Elle devait être expédiée au plus tard le ${shipBy} : elle a donc du retard. Je vous prie de nous en excuser.`,
    lateOfferPerson: () => 'Si vous le souhaitez, je peux faire appel à un conseiller de notre équipe pour vérifier.',

    infoReceived: ({ orderId, carrier, tracking }) => `Votre commande ${orderId} est emballée et son étiquette ${carrier} est prête (numéro de suivi ${tracking}) ; ${carrier} la scannera lors de l'enlèvement.`,
    inTransit: ({ orderId, carrier, tracking }) => `Votre commande ${orderId} est en route avec ${carrier}. Numéro de suivi : ${tracking}.`,
    outForDelivery: ({ orderId, carrier, tracking }) => `Bonne nouvelle : votre commande ${orderId} est en cours de livraison aujourd'hui avec ${carrier} (numéro de suivi ${tracking}).`,
    failedAttempt: ({ orderId, carrier, tracking, when }) => `${carrier} a tenté de livrer votre commande ${orderId}${when ? ` le ${when}` : ''}, sans succès (numéro de suivi ${tracking}).`,
    failedAttemptNext: () => "Vous pouvez demander une nouvelle livraison ou choisir un point de retrait grâce à l'avis de passage ou sur la page de suivi ; si le colis est au bureau de poste, présentez une pièce d'identité et l'avis pour le retirer.",
    availableForPickup: ({ orderId, carrier, tracking, place }) => `Votre commande ${orderId} est disponible au retrait${place ? ` : ${place}` : ` chez ${carrier}`} (numéro de suivi ${tracking}).`,
    pickupBring: ({ tracking }) => `Munissez-vous d'une pièce d'identité et du numéro de suivi ${tracking}.`,
    delivered: ({ orderId, when, carrier }) => `Votre commande ${orderId} a été livrée par ${carrier}${when ? ` le ${when}` : ''}.`,
    deliveredWhere: ({ where }) => `Note du transporteur : ${where}.`,
    exception: ({ orderId, carrier, tracking, what }) => `La livraison de votre commande ${orderId} rencontre un problème${what ? ` : ${carrier} indique « ${what} »` : ` (${carrier})`}. Numéro de suivi : ${tracking}. Je transmets le dossier à notre équipe pour qu'elle le règle avec vous.`,
    returned: ({ orderId, carrier, what }) => `Votre commande ${orderId} nous est renvoyée par ${carrier}${what ? ` (« ${what} »)` : ''}. Notre équipe vous contactera pour organiser une nouvelle livraison ou un remboursement.`,
    unknownStatus: ({ orderId, carrier, tracking }) => `Votre commande ${orderId} a été expédiée avec ${carrier} (numéro de suivi ${tracking}) ; le transporteur n'a pas encore donné de nouvelles.`,
    carrierNote: ({ what }) => `Note du transporteur : « ${what} ».`,
    lastScan: ({ what, where, when }) => `Dernière mise à jour : ${what}${where ? `, ${where}` : ''} (${when}).`,
    eta: ({ date }) => `Livraison prévue le ${date}.`,
    etaPassed: ({ date }) => `Elle était prévue le ${date} : elle a donc un peu de retard. Merci de votre patience.`,
    stuck: ({ since }) => `Je suis désolé : le suivi n'a pas bougé depuis le ${since}, ce qui est plus long que prévu. Je demande à notre équipe de vérifier auprès du transporteur.`,
    trackingLink: ({ url }) => `Suivez-la ici : ${url}`,
    trackingPageLink: ({ url }) => `Tout sur votre commande sur une seule page : ${url}`,

    partialIntro: ({ orderId, count }) => `Une partie de votre commande ${orderId} est expédiée (${count > 1 ? `${count} colis` : 'un colis'} pour l'instant) ; le reste suivra séparément.`,
    packagesIntro: ({ orderId, count }) => `Votre commande ${orderId} a été envoyée en ${count} colis séparés :`,
    packageLine: ({ n, items, carrier, tracking, status }) => `Colis ${n} (${items}), ${carrier} ${tracking} : ${packageStatus(status)}.`,
    pendingItems: ({ items }) => `Pas encore expédié : ${items}.`,

    cancelled: ({ orderId }) => `Votre commande ${orderId} a été annulée : rien ne sera expédié. Si vous ne vous y attendiez pas, un conseiller de notre équipe peut vous l'expliquer.`,

    notReceivedDelivered: ({ orderId, when, where }) => `Je suis vraiment désolé que votre commande ${orderId} ne soit pas arrivée. Le transporteur l'a indiquée comme livrée${when ? ` le ${when}` : ''}${where ? ` (${where})` : ''}. Regardez près de votre porte, dans la boîte aux lettres et auprès des voisins ; en attendant, je transmets le dossier à notre équipe pour ouvrir une réclamation auprès du transporteur.`,
    damaged: ({ orderId }) => `Je suis désolé que votre commande ${orderId} soit arrivée endommagée. Je transmets le dossier à notre équipe pour un remplacement ou un remboursement ; une photo de l'article et du carton sera utile.`,
    wrongItem: ({ orderId }) => `Je suis désolé que vous ayez reçu un mauvais article dans la commande ${orderId}. Je transmets le dossier à notre équipe pour vous envoyer le bon ; une photo de ce que vous avez reçu sera utile.`,
    missingItem: ({ orderId }) => `Je suis désolé qu'il manque quelque chose dans la commande ${orderId}. Je transmets le dossier à notre équipe pour vous l'envoyer ou vous rembourser.`,
    missingButComing: () => "Votre commande arrive en plusieurs colis : ce qui manque est peut-être encore en route. S'il manque toujours quelque chose une fois tout reçu, dites-le-moi.",

    changeBeforeShipping: ({ orderId }) => `Votre commande ${orderId} n'est pas encore expédiée : elle peut encore être modifiée. Je transmets votre demande à un conseiller de notre équipe, qui vous confirmera la modification.`,
    changeAfterShipping: ({ orderId, carrier }) => `Votre commande ${orderId} est déjà partie avec ${carrier} : je ne peux pas la modifier ici. Vous pouvez souvent la réorienter avec les options de livraison de ${carrier}, ou un conseiller de notre équipe peut vous aider.`,
    changeRedirectLink: ({ url }) => `Options de livraison : ${url}`,
    changeDelivered: ({ orderId }) => `Votre commande ${orderId} a déjà été livrée : elle ne peut plus être modifiée, mais vous pouvez la retourner.`,

    returnUntil: ({ orderId, delivered, until }) => `Votre commande ${orderId} a été livrée le ${delivered} : vous pouvez lancer un retour jusqu'au ${until}.`,
    returnWindowPassed: ({ orderId, delivered, until }) => `Votre commande ${orderId} a été livrée le ${delivered} ; le délai de retour a pris fin le ${until}. Un conseiller de notre équipe peut tout de même examiner votre cas.`,
    returnAfterDelivery: ({ orderId, days }) => `Une fois la commande ${orderId} livrée, vous aurez ${days} jours pour la retourner.`,

    subscribe: ({ orderId, events }) => `C'est noté ! Je vous préviendrai pour la commande ${orderId} : ${list(events.map((e) => subscribeEvent[e]))}.`,
    subscribeNothingLeft: ({ orderId }) => `La commande ${orderId} est déjà arrivée à sa dernière étape : il n'y a plus de mise à jour de suivi à envoyer. Puis-je vous aider pour autre chose ?`,
  },

  policy: {
    destination: ({ place }) => `Livraison vers : ${place}.`,
    rate: ({ method, days, cost, freeOver, free }) => `${method} : ${days}, ${free ? 'gratuit' : cost}${freeOver ? ` (offert dès ${freeOver} d'achat)` : ''}.`,
    businessDays: ({ min, max }) => (min === max ? `${min} ${min === 1 ? 'jour ouvré' : 'jours ouvrés'}` : `${min} à ${max} jours ouvrés`),
    notShipped: ({ place }) => `Désolé, nous ne livrons pas vers cette destination pour le moment : ${place}.`,
    currentNotice: ({ text }) => `À noter : ${text}`,
  },

  suggestions: {
    person: 'Parler à un conseiller',
    anotherOrder: 'Suivre une autre commande',
    returns: 'Comment faire un retour ?',
    updates: 'Me tenir informé',
    shipping: 'Délais et frais de livraison',
    changeOrder: 'Modifier ma commande',
  },
  trackingPage: {
    title: ({ orderId }) => `Commande ${orderId}`,
    placed: ({ date }) => `Passée le ${date}`,
    stage: { preparing: 'En préparation', partly_shipped: 'Expédiée en partie', on_its_way: 'En route', delivered: 'Livrée', cancelled: 'Annulée' },
    status: {
      info_received: 'Étiquette créée', in_transit: 'En transit', out_for_delivery: 'En cours de livraison', failed_attempt: 'Tentative de livraison',
      available_for_pickup: 'Disponible au retrait', delivered: 'Livré', exception: 'Incident de livraison', returned: 'En retour vers nous', unknown: 'Mise à jour',
    },
    noticesHeading: 'À noter',
    notShippedHeading: 'Pas encore expédié',
    shipmentsHeading: 'Colis',
    shipmentHeading: ({ n, count, carrier }) => (count > 1 ? `Colis ${n} sur ${count} : ${carrier}` : `Colis : ${carrier}`),
    trackingNumber: 'Numéro de suivi',
    statusLabel: 'Statut',
    estimatedDelivery: 'Livraison prévue',
    items: 'Articles',
    carrierSite: ({ carrier }) => `Suivre le colis sur le site de ${carrier}`,
    timelineHeading: 'Historique du suivi',
    noEvents: 'Pas encore de nouvelles du transporteur.',
    chatHeading: 'Des questions sur cette commande ?',
    chatIntro: "Posez-les ici : l'assistant connaît déjà cette commande, vous n'aurez aucune information à lui donner.",
    chatLoading: 'Connexion…',
    noScript: 'Le chat a besoin de JavaScript ; le reste de cette page fonctionne sans.',
    languages: 'Langue',
    notFoundTitle: 'Ce lien de suivi ne fonctionne pas',
    notFoundText: "Il a peut-être expiré ou n'a pas été copié en entier. Interrogez notre assistant sur votre commande : il vous en donnera un nouveau.",
  },
};
