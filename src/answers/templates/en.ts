import type { LanguagePack, PackageStatus, SubscribeEvent } from './types';

const packageStatus = (s: PackageStatus): string => {
  switch (s.status) {
    case 'info_received': return `label created, not scanned yet${s.eta ? `; expected ${s.eta}` : ''}`;
    case 'in_transit': return `on its way${s.eta ? `, expected ${s.eta}` : ''}`;
    case 'unknown': return `shipped${s.eta ? `, expected ${s.eta}` : ''}`;
    case 'out_for_delivery': return 'out for delivery today';
    case 'failed_attempt': return 'the carrier tried to deliver it and will need another attempt';
    case 'available_for_pickup': return 'waiting for you to collect';
    case 'delivered': return `delivered${s.on ? ` on ${s.on}` : ''}`;
    case 'exception': return 'held up by a delivery problem';
    case 'returned': return 'being sent back to us';
  }
};

const subscribeEvent: Record<SubscribeEvent, string> = {
  ships: 'when it ships',
  out_for_delivery: "when it's out for delivery",
  delivered: "when it's delivered",
  problem: 'if anything holds it up',
};

const list = (xs: string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);

export const en: LanguagePack = {
  catalog: {
    ask_order_number: () => "Happy to help! What's your order number? You'll find it in your order confirmation email.",
    ask_verification: ({ orderNumber }) => `Thanks! To make sure order ${orderNumber} is yours, please tell me the email address, phone number or shipping postcode (ZIP) on the order.`,
    ask_order_number_for_details: () => "Thanks! Now I just need the order number; it's in your order confirmation email.",
    verification_failed: () => "I couldn't verify those details. Please check the order number and the email, phone number or postcode (ZIP) on the order and try again.",
    verification_locked: () => "I couldn't verify those details, and I can't check more here, so I'm passing you to a person on our team who will help you.",
    too_many_details: () => "That's more than I can check at once. Please send one order number and one detail from the order (its email, phone number or postcode).",
    message_truncated: ({ limit }) => `Your message was long, so I only read its first ${limit} characters.`,
    choose_order: ({ orders }) => `I found these open orders: ${orders.map((o) => `${o.id} (placed ${o.placedDate})`).join(', ')}. Which one would you like to know about?`,
    other_order_needs_verification: ({ orderNumber }) => `To share anything about order ${orderNumber}, I need to verify it too: please tell me the email address, phone number or postcode (ZIP) on that order.`,
    verification_required: () => 'For everyone\'s privacy I can only share order details once the order is verified: please send the order number together with its email address, phone number or postcode (ZIP).',
    greeting: ({ shopName }) => `Hi! I'm the ${shopName} assistant. I can tell you where your order is, when it will arrive, and help with shipping and returns. What can I do for you?`,
    thanks: () => "You're welcome! If anything else comes up, just write here.",
    fallback_rephrase: () => 'Sorry, I didn\'t quite get that. Could you say it another way? I can track orders, give delivery dates and explain shipping and returns.',
    fallback_offer_human: () => 'If you prefer, I can pass you to a person on our team: just say "talk to a person".',
    handoff_created: ({ eta }) => `I've passed this to a person on our team. ${eta}`,
    handoff_eta_open: ({ hours }) => `A person will reply within ${hours} ${hours === 1 ? 'hour' : 'hours'}.`,
    handoff_eta_closed: ({ opensAt }) => `We're closed right now; a person will reply from ${opensAt}.`,
    handoff_waiting: () => "Thanks, I've added that to your case. A person from our team will reply here.",
    subscribe_confirmed: ({ orderNumber }) => `Done! I'll send you an update when anything changes with order ${orderNumber}.`,
    subscribe_needs_order: () => "Sure! Which order should I keep you posted on? Please send the order number and the email, phone number or postcode (ZIP) on it.",
    unsubscribe_confirmed: () => "Done: you won't get any more updates from me. You can still ask here anytime.",
    other: () => 'I can only help with orders here: where an order is, delivery dates, shipping, returns and changes. For anything else, a person from our team is happy to help; just ask.',
    other_question_for_team: () => "I've noted your other question for our team; a person will get back to you about it.",
  },

  order: {
    notShippedYet: ({ orderId, placed }) => `Your order ${orderId}, placed ${placed}, hasn't shipped yet: we're getting it ready.`,
    shipBy: ({ date }) => `It should ship by ${date}.`,
    itemsShipBy: ({ items, date }) => `${items} should ship by ${date}.`,
    deliveryWindow: ({ from, to }) => `Expected delivery: between ${from} and ${to}.`,
    deliveryOn: ({ date }) => `Expected delivery: ${date}.`,
    preOrder: ({ item, release, shipBy }) =>
      release ? `${item} is a pre-order: it's released on ${release}${shipBy ? ` and should ship by ${shipBy}` : ''}.` : `${item} is a pre-order: it ships as soon as it's released, and we'll let you know when it's on its way.`,
    backorder: ({ item, restock, shipBy }) =>
      restock ? `${item} is on back-order: we expect new stock on ${restock}${shipBy ? `, and it should ship by ${shipBy}` : ''}.` : `${item} is on back-order: it ships as soon as new stock arrives, and we'll let you know when it's on its way.`,
    outOfStock: ({ item, restock, shipBy }) =>
      restock ? `${item} is out of stock right now: we expect it back on ${restock}${shipBy ? ` and it should ship by ${shipBy}` : ''}.` : `${item} is out of stock right now. We don't have a restock date yet, but it ships as soon as it's back.`,
    merchantDelay: ({ date }) => `Our team has updated the shipping date: it should now ship by ${date}.`,
    late: ({ shipBy }) => `It was due to ship by ${shipBy}, so it's running late. I'm sorry about that.`,
    lateOfferPerson: () => 'If you like, I can bring in a person from our team to check on it.',

    infoReceived: ({ orderId, carrier, tracking }) => `Your order ${orderId} is packed and has a ${carrier} label (tracking number ${tracking}); ${carrier} will scan it once they pick it up.`,
    inTransit: ({ orderId, carrier, tracking }) => `Your order ${orderId} is on its way with ${carrier}. Tracking number: ${tracking}.`,
    outForDelivery: ({ orderId, carrier, tracking }) => `Good news: your order ${orderId} is out for delivery today with ${carrier} (tracking number ${tracking}).`,
    failedAttempt: ({ orderId, carrier, tracking, when }) => `${carrier} tried to deliver your order ${orderId}${when ? ` on ${when}` : ''} but couldn't (tracking number ${tracking}).`,
    failedAttemptNext: () => 'You can book a redelivery or choose a pickup point with the card they left or on the tracking page; if they took it to the delivery office, bring photo ID and the card to collect it.',
    availableForPickup: ({ orderId, carrier, tracking, place }) => `Your order ${orderId} is ready to collect${place ? ` at ${place}` : ` from ${carrier}`} (tracking number ${tracking}).`,
    pickupBring: ({ tracking }) => `Bring photo ID and the tracking number ${tracking}.`,
    delivered: ({ orderId, when, carrier }) => `Your order ${orderId} was delivered by ${carrier}${when ? ` on ${when}` : ''}.`,
    deliveredWhere: ({ where }) => `Carrier's note: ${where}.`,
    exception: ({ orderId, carrier, tracking, what }) => `There's a problem with the delivery of your order ${orderId}${what ? `: ${carrier} reports "${what}"` : ` (${carrier})`}. Tracking number: ${tracking}. I'm passing this to our team so they can sort it out with you.`,
    returned: ({ orderId, carrier, what }) => `Your order ${orderId} is being sent back to us by ${carrier}${what ? ` ("${what}")` : ''}. Our team will contact you to arrange a new delivery or a refund.`,
    unknownStatus: ({ orderId, carrier, tracking }) => `Your order ${orderId} has shipped with ${carrier} (tracking number ${tracking}); the carrier hasn't shared an update yet.`,
    carrierNote: ({ what }) => `Carrier's note: "${what}".`,
    lastScan: ({ what, where, when }) => `Latest update: ${what}${where ? `, ${where}` : ''} (${when}).`,
    eta: ({ date }) => `Estimated delivery: ${date}.`,
    etaPassed: ({ date }) => `It was expected on ${date}, so it's running a little late. Sorry about the wait.`,
    stuck: ({ since }) => `I'm sorry: the tracking hasn't changed since ${since}, which is longer than it should be. I'm asking our team to look into it with the carrier.`,
    trackingLink: ({ url }) => `Track it here: ${url}`,
    trackingPageLink: ({ url }) => `Everything about your order on one page: ${url}`,

    partialIntro: ({ orderId, count }) => `Part of your order ${orderId} has shipped; it's coming in ${count > 1 ? `${count} packages` : 'one package'} so far, and the rest follows separately.`,
    packagesIntro: ({ orderId, count }) => `Your order ${orderId} was sent in ${count} separate packages:`,
    packageLine: ({ n, items, carrier, tracking, status }) => `Package ${n} (${items}), ${carrier} ${tracking}: ${packageStatus(status)}.`,
    pendingItems: ({ items }) => `Not shipped yet: ${items}.`,

    cancelled: ({ orderId }) => `Your order ${orderId} has been cancelled, so nothing will be shipped. If you didn't expect this, a person from our team can explain.`,

    notReceivedDelivered: ({ orderId, when, where }) => `I'm so sorry your order ${orderId} hasn't turned up. The carrier marked it delivered${when ? ` on ${when}` : ''}${where ? ` (${where})` : ''}. Please check around your door, mailbox and with neighbours; meanwhile I'm passing this to our team so they can open a claim with the carrier.`,
    damaged: ({ orderId }) => `I'm sorry your order ${orderId} arrived damaged. I'm passing this to our team to arrange a replacement or a refund; a photo of the item and the box will help.`,
    wrongItem: ({ orderId }) => `I'm sorry you received the wrong item in order ${orderId}. I'm passing this to our team to send the right one; a photo of what arrived will help.`,
    missingItem: ({ orderId }) => `I'm sorry something is missing from order ${orderId}. I'm passing this to our team to send it or refund it.`,
    missingButComing: () => "Your order is coming in more than one package, so the rest may simply still be on its way. If something is still missing once everything has arrived, just tell me.",

    changeBeforeShipping: ({ orderId }) => `Your order ${orderId} hasn't shipped yet, so it can still be changed. I'm passing your request to a person on our team, who will confirm the change with you.`,
    changeAfterShipping: ({ orderId, carrier }) => `Your order ${orderId} has already shipped with ${carrier}, so I can't change it here. You can often redirect it with ${carrier}'s delivery options, or a person from our team can help.`,
    changeRedirectLink: ({ url }) => `Delivery options: ${url}`,
    changeDelivered: ({ orderId }) => `Your order ${orderId} has already been delivered, so it can't be changed any more, but you can return it.`,

    returnUntil: ({ orderId, delivered, until }) => `Your order ${orderId} was delivered on ${delivered}, so you can start a return until ${until}.`,
    returnWindowPassed: ({ orderId, delivered, until }) => `Your order ${orderId} was delivered on ${delivered}; the return window closed on ${until}. A person from our team can still look at your case.`,
    returnAfterDelivery: ({ orderId, days }) => `Once order ${orderId} is delivered, you'll have ${days} days to return it.`,

    subscribe: ({ orderId, events }) => `Done! I'll let you know about order ${orderId}: ${list(events.map((e) => subscribeEvent[e]))}.`,
    subscribeNothingLeft: ({ orderId }) => `Order ${orderId} has already reached its final step, so there are no more tracking updates to send. Anything else I can help with?`,
  },

  policy: {
    destination: ({ place }) => `Shipping to ${place}:`,
    rate: ({ method, days, cost, freeOver, free }) => `${method}: ${days}, ${free ? 'free' : cost}${freeOver ? ` (free on orders over ${freeOver})` : ''}.`,
    businessDays: ({ min, max }) => (min === max ? `${min} business ${min === 1 ? 'day' : 'days'}` : `${min}-${max} business days`),
    notShipped: ({ place }) => `Sorry, we don't ship to ${place} at the moment.`,
    currentNotice: ({ text }) => `Please note: ${text}`,
  },

  suggestions: {
    person: 'Talk to a person',
    anotherOrder: 'Track another order',
    returns: 'How do returns work?',
    updates: 'Keep me posted',
    shipping: 'Shipping times and costs',
    changeOrder: 'Change my order',
  },
  trackingPage: {
    title: ({ orderId }) => `Order ${orderId}`,
    placed: ({ date }) => `Placed on ${date}`,
    stage: { preparing: 'Being prepared', partly_shipped: 'Partly shipped', on_its_way: 'On its way', delivered: 'Delivered', cancelled: 'Cancelled' },
    status: {
      info_received: 'Label created', in_transit: 'In transit', out_for_delivery: 'Out for delivery', failed_attempt: 'Delivery attempted',
      available_for_pickup: 'Ready to collect', delivered: 'Delivered', exception: 'Delivery problem', returned: 'Coming back to us', unknown: 'Update',
    },
    noticesHeading: 'Please note',
    notShippedHeading: 'Not shipped yet',
    shipmentsHeading: 'Shipments',
    shipmentHeading: ({ n, count, carrier }) => (count > 1 ? `Package ${n} of ${count}: ${carrier}` : `Package: ${carrier}`),
    trackingNumber: 'Tracking number',
    statusLabel: 'Status',
    estimatedDelivery: 'Estimated delivery',
    items: 'Items',
    carrierSite: ({ carrier }) => `Track it on the ${carrier} website`,
    timelineHeading: 'Tracking history',
    noEvents: 'No carrier updates yet.',
    chatHeading: 'Questions about this order?',
    chatIntro: "Ask here: the assistant already knows this order, so you won't need to give any details.",
    chatLoading: 'Connecting…',
    noScript: 'The chat needs JavaScript; everything else on this page works without it.',
    languages: 'Language',
    notFoundTitle: 'This tracking link does not work',
    notFoundText: 'It may have expired or been copied incompletely. Ask our assistant about your order and it will give you a new one.',
  },
};
