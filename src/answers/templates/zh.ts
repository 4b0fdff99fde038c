import type { LanguagePack, PackageStatus, SubscribeEvent } from './types';

// Simplified Chinese, addressing the shopper as 您.

const packageStatus = (s: PackageStatus): string => {
  switch (s.status) {
    case 'info_received': return `已生成运单，尚未揽收${s.eta ? `，预计${s.eta}送达` : ''}`;
    case 'in_transit': return `运输中${s.eta ? `，预计${s.eta}送达` : ''}`;
    case 'unknown': return `已发货${s.eta ? `，预计${s.eta}送达` : ''}`;
    case 'out_for_delivery': return '今天正在派送';
    case 'failed_attempt': return '快递员尝试派送未成功，需要再次派送';
    case 'available_for_pickup': return '已到自提点，等待您取件';
    case 'delivered': return `已签收${s.on ? `（${s.on}）` : ''}`;
    case 'exception': return '因派送问题暂停';
    case 'returned': return '正在退回给我们';
  }
};

const subscribeEvent: Record<SubscribeEvent, string> = {
  ships: '发货',
  out_for_delivery: '开始派送',
  delivered: '签收',
  problem: '出现任何延误',
};

export const zh: LanguagePack = {
  catalog: {
    ask_order_number: () => '很乐意为您服务！请问您的订单号是多少？订单确认邮件里可以找到。',
    ask_verification: ({ orderNumber }) => `谢谢！为确认订单${orderNumber}属于您，请提供该订单上的邮箱、手机号或收货地址邮编。`,
    ask_order_number_for_details: () => '谢谢！现在还需要您的订单号，订单确认邮件里可以找到。',
    verification_failed: () => '无法核实这些信息。请检查订单号以及订单上的邮箱、手机号或邮编后再试一次。',
    verification_locked: () => '无法核实这些信息，本次对话中也无法再核对，现在为您转接我们团队的工作人员。',
    too_many_details: () => '一次无法核对这么多信息。请发送一个订单号和订单上的一项信息（邮箱、手机号或邮编）。',
    message_truncated: ({ limit }) => `您的消息较长，我只读取了前 ${limit} 个字符。`,
    choose_order: ({ orders }) => `我找到了以下未完成的订单：${orders.map((o) => `${o.id}（下单日期：${o.placedDate}）`).join('、')}。您想查询哪一个？`,
    other_order_needs_verification: ({ orderNumber }) => `要查询订单${orderNumber}，也需要先核实：请提供该订单上的邮箱、手机号或邮编。`,
    verification_required: () => '为保护隐私，订单核实后我才能提供订单信息：请发送订单号以及订单上的邮箱、手机号或邮编。',
    greeting: ({ shopName }) => `您好！我是${shopName}的智能助手。我可以告诉您订单到哪了、什么时候送达，也可以解答配送和退货问题。请问有什么可以帮您？`,
    thanks: () => '不客气！如有其他问题，随时在这里留言。',
    fallback_rephrase: () => '抱歉，我没太明白。您能换个说法吗？我可以查询订单、告知送达时间，并解答配送和退货问题。',
    fallback_offer_human: () => '如果您愿意，我可以为您转接人工客服：直接回复“转人工”即可。',
    handoff_created: ({ eta }) => `我已将您的问题转给我们团队的工作人员。${eta}`,
    handoff_eta_open: ({ hours }) => `工作人员会在${hours}小时内回复您。`,
    handoff_eta_closed: ({ opensAt }) => `我们目前不在服务时间，工作人员会在${opensAt}起回复您。`,
    handoff_waiting: () => '谢谢，我已将这条信息补充到您的问题中。我们团队的工作人员会在这里回复您。',
    subscribe_confirmed: ({ orderNumber }) => `好的！订单${orderNumber}有任何进展我都会通知您。`,
    subscribe_needs_order: () => '没问题！您想接收哪个订单的通知？请发送订单号以及订单上的邮箱、手机号或邮编。',
    unsubscribe_confirmed: () => '好的：我不会再给您发送通知了。您随时可以在这里咨询。',
    other: () => '我在这里只能处理订单相关的问题：订单状态、送达时间、配送、退货和订单修改。其他问题我们团队的工作人员很乐意帮忙，您说一声就行。',
    other_question_for_team: () => '您的另一个问题我已记录并转给团队，工作人员会回复您。',
  },

  order: {
    notShippedYet: ({ orderId, placed }) => `您的订单${orderId}（下单日期：${placed}）尚未发货，我们正在备货。`,
    shipBy: ({ date }) => `预计最晚${date}发货。`,
    itemsShipBy: ({ items, date }) => `${items}预计最晚${date}发货。`,
    deliveryWindow: ({ from, to }) => `预计送达时间：${from}至${to}。`,
    deliveryOn: ({ date }) => `预计送达时间：${date}。`,
    preOrder: ({ item, release, shipBy }) =>
      release ? `${item}是预售商品，${release}发售${shipBy ? `，预计最晚${shipBy}发货` : ''}。` : `${item}是预售商品，发售后会立即发货，发出时我们会通知您。`,
    backorder: ({ item, restock, shipBy }) =>
      restock ? `${item}正在补货，预计${restock}到货${shipBy ? `，最晚${shipBy}发货` : ''}。` : `${item}正在补货，到货后会立即发货，发出时我们会通知您。`,
    outOfStock: ({ item, restock, shipBy }) =>
      restock ? `${item}目前缺货，预计${restock}补货${shipBy ? `，最晚${shipBy}发货` : ''}。` : `${item}目前缺货，暂时还没有补货日期，到货后会立即发货。`,
    merchantDelay: ({ date }) => `我们的团队更新了发货日期：现在预计最晚${date}发货。`,
    late: ({ shipBy }) => `这笔订单原定最晚${shipBy}发货，目前已经延误，非常抱歉。`,
    lateOfferPerson: () => '如果您愿意，我可以请团队的工作人员帮您跟进。',

    infoReceived: ({ orderId, carrier, tracking }) => `您的订单${orderId}已打包并生成${carrier}运单（快递单号${tracking}），${carrier}揽收后会更新物流信息。`,
    inTransit: ({ orderId, carrier, tracking }) => `您的订单${orderId}正在由${carrier}运输中。快递单号：${tracking}。`,
    outForDelivery: ({ orderId, carrier, tracking }) => `好消息：您的订单${orderId}今天正在由${carrier}派送（快递单号${tracking}）。`,
    failedAttempt: ({ orderId, carrier, tracking, when }) => `${carrier}${when ? `于${when}` : ''}尝试派送您的订单${orderId}，但未能成功（快递单号${tracking}）。`,
    failedAttemptNext: () => '您可以凭快递员留下的通知单或在物流追踪页面预约再次派送或选择自提点；如果包裹已送到网点，请携带身份证件和通知单前往领取。',
    availableForPickup: ({ orderId, carrier, tracking, place }) => `您的订单${orderId}已可取件${place ? `，地点：${place}` : `（${carrier}）`}（快递单号${tracking}）。`,
    pickupBring: ({ tracking }) => `取件时请携带身份证件和快递单号${tracking}。`,
    delivered: ({ orderId, when, carrier }) => `您的订单${orderId}已由${carrier}送达${when ? `，签收时间：${when}` : ''}。`,
    deliveredWhere: ({ where }) => `快递备注：${where}。`,
    exception: ({ orderId, carrier, tracking, what }) => `您的订单${orderId}派送出现问题${what ? `：${carrier}显示“${what}”` : `（${carrier}）`}。快递单号：${tracking}。我会把情况转给我们的团队，由他们和您一起解决。`,
    returned: ({ orderId, carrier, what }) => `您的订单${orderId}正由${carrier}退回给我们${what ? `（“${what}”）` : ''}。我们的团队会联系您，安排重新发货或退款。`,
    unknownStatus: ({ orderId, carrier, tracking }) => `您的订单${orderId}已通过${carrier}发货（快递单号${tracking}），承运商暂时还没有更新。`,
    carrierNote: ({ what }) => `快递备注：“${what}”。`,
    lastScan: ({ what, where, when }) => `最新动态：${what}${where ? `，${where}` : ''}（${when}）。`,
    eta: ({ date }) => `预计送达：${date}。`,
    etaPassed: ({ date }) => `原预计${date}送达，目前稍有延误，抱歉让您久等了。`,
    stuck: ({ since }) => `非常抱歉：物流信息自${since}以来一直没有更新，时间比正常情况长。我会请团队联系承运商核查。`,
    trackingLink: ({ url }) => `物流追踪：${url}`,
    trackingPageLink: ({ url }) => `在订单页面随时查看全部进度：${url}`,

    partialIntro: ({ orderId, count }) => `您的订单${orderId}已部分发货（目前${count}个包裹），其余商品会另行发出。`,
    packagesIntro: ({ orderId, count }) => `您的订单${orderId}分${count}个包裹发出：`,
    packageLine: ({ n, items, carrier, tracking, status }) => `包裹${n}（${items}），${carrier} ${tracking}：${packageStatus(status)}。`,
    pendingItems: ({ items }) => `尚未发货：${items}。`,

    cancelled: ({ orderId }) => `您的订单${orderId}已取消，不会发货。如果这不是您预期的，我们团队的工作人员可以为您说明。`,

    notReceivedDelivered: ({ orderId, when, where }) => `很抱歉您还没有收到订单${orderId}。承运商显示已送达${when ? `（${when}）` : ''}${where ? `，备注：${where}` : ''}。请先看看门口、信箱或问问邻居；同时我会把情况转给团队，由他们向承运商提出查询。`,
    damaged: ({ orderId }) => `很抱歉订单${orderId}的商品到货时已损坏。我会把情况转给团队，为您安排换货或退款；如能提供商品和包装的照片会更快处理。`,
    wrongItem: ({ orderId }) => `很抱歉订单${orderId}发错了商品。我会把情况转给团队，为您补发正确的商品；如能提供收到商品的照片会更快处理。`,
    missingItem: ({ orderId }) => `很抱歉订单${orderId}少了商品。我会把情况转给团队，为您补发或退款。`,
    missingButComing: () => '您的订单分多个包裹发出，缺少的商品可能还在路上。如果全部包裹到齐后仍有缺失，请告诉我。',

    changeBeforeShipping: ({ orderId }) => `您的订单${orderId}尚未发货，仍可修改。我会把您的请求转给团队的工作人员，由他们与您确认修改。`,
    changeAfterShipping: ({ orderId, carrier }) => `您的订单${orderId}已通过${carrier}发出，我无法在这里修改。您通常可以通过${carrier}的派送选项改派，或由我们团队的工作人员协助。`,
    changeRedirectLink: ({ url }) => `派送选项：${url}`,
    changeDelivered: ({ orderId }) => `您的订单${orderId}已经送达，无法再修改，但您可以申请退货。`,

    returnUntil: ({ orderId, delivered, until }) => `您的订单${orderId}于${delivered}送达，您可以在${until}之前申请退货。`,
    returnWindowPassed: ({ orderId, delivered, until }) => `您的订单${orderId}于${delivered}送达，退货期已于${until}结束。我们团队的工作人员仍可以帮您看看。`,
    returnAfterDelivery: ({ orderId, days }) => `订单${orderId}送达后，您有${days}天时间申请退货。`,

    subscribe: ({ orderId, events }) => `好的！订单${orderId}${events.map((e) => subscribeEvent[e]).join('、')}时，我都会通知您。`,
    subscribeNothingLeft: ({ orderId }) => `订单${orderId}已经完成最后一步，不会再有物流通知。还有其他可以帮您的吗？`,
  },

  policy: {
    destination: ({ place }) => `配送至${place}：`,
    rate: ({ method, days, cost, freeOver, free }) => `${method}：${days}，${free ? '免运费' : cost}${freeOver ? `（订单满${freeOver}免运费）` : ''}。`,
    businessDays: ({ min, max }) => (min === max ? `${min}个工作日` : `${min}–${max}个工作日`),
    notShipped: ({ place }) => `抱歉，我们目前不配送至${place}。`,
    currentNotice: ({ text }) => `温馨提示：${text}`,
  },

  suggestions: {
    person: '转人工客服',
    anotherOrder: '查询其他订单',
    returns: '如何退货？',
    updates: '有进展请通知我',
    shipping: '配送时间和运费',
    changeOrder: '修改订单',
  },
  trackingPage: {
    title: ({ orderId }) => `订单${orderId}`,
    placed: ({ date }) => `下单日期：${date}`,
    stage: { preparing: '备货中', partly_shipped: '部分已发货', on_its_way: '运输中', delivered: '已签收', cancelled: '已取消' },
    status: {
      info_received: '已生成运单', in_transit: '运输中', out_for_delivery: '派送中', failed_attempt: '派送未成功',
      available_for_pickup: '待取件', delivered: '已签收', exception: '派送异常', returned: '正在退回', unknown: '物流更新',
    },
    noticesHeading: '温馨提示',
    notShippedHeading: '尚未发货',
    shipmentsHeading: '包裹',
    shipmentHeading: ({ n, count, carrier }) => (count > 1 ? `包裹${n}/${count}：${carrier}` : `包裹：${carrier}`),
    trackingNumber: '运单号',
    statusLabel: '状态',
    estimatedDelivery: '预计送达',
    items: '商品',
    carrierSite: ({ carrier }) => `在${carrier}官网查询`,
    timelineHeading: '物流记录',
    noEvents: '快递公司暂无更新。',
    chatHeading: '对这个订单有疑问？',
    chatIntro: '请在这里提问：助手已经知道这个订单，您无需再提供任何信息。',
    chatLoading: '正在连接…',
    noScript: '聊天需要 JavaScript；本页其他内容无需 JavaScript 即可使用。',
    languages: '语言',
    notFoundTitle: '此物流链接无效',
    notFoundText: '链接可能已过期或复制不完整。请向我们的助手询问您的订单，它会给您一个新链接。',
  },
};
