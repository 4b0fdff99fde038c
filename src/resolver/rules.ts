/**
 * Strong phrasing signals the classifier may miss or blur, in all eight languages. Patterns run on
 * folded text (lower-case, Latin accents removed: "dejé" -> "deje", "zurück" -> "zuruck").
 * Each list is a few stems per language rather than whole sentences, so typos near the stem and
 * unseen phrasings still match.
 */
import type { Intent, ProblemKind } from './types';

const rx = (parts: string[]) => new RegExp(parts.join('|'), 'u');

/** Requests to stop messages: checked before subscribe, whose words ("notifications") they share. */
const UNSUBSCRIBE = rx([
  String.raw`\bunsubscribe|\bopt.?out\b|\bstop (sending|texting|messaging|emailing|the (updates|texts|messages|notifications)|notif)`,
  String.raw`\bno more (texts|messages|notifications|updates|alerts|emails)|\b(turn|switch) off (the )?(notif|alerts|sms|updates)|\bdon'?t (text|message|email) me|(disable|mute|cancel) (the )?(notif|alerts)`,
  String.raw`\b(dont|don't|do not|no longer) (want|need) (any )?(more )?(updates|messages|texts|notifications)`,
  String.raw`(ya )?no quiero (recibir|mas) (mas )?(notificaciones|mensajes|avisos|actualizaciones)|no (me )?(envies|mandes|envien|manden) mas|je ne veux plus (de |recevoir )?(notifications|messages)|ne m'?envoyez plus|keine (nachrichten|benachrichtigungen|updates) mehr|non voglio piu (ricevere )?(notifiche|messaggi)|non mandatemi piu|nao quero (mais )?receber|nao me (enviem|mandem) mais|не (присылайте|отправляйте|пишите)|больше не (присылайте|пишите|нужно)|不要再(发|通知)|别再(发|通知)|取消通知`,
  String.raw`\b(deja|dejen|para|paren) de (enviar|mandar|escribir|avisar)|darme de baja|\bbaja\b|no (quiero|deseo) (recibir )?mas (notificaciones|mensajes|sms|avisos|correos|actualizaciones)|no me (mandes|escribas|envies|manden) mas|desactiva\p{L}{0,24} (las )?notificaciones|no mas (avisos|mensajes|sms)`,
  String.raw`desabonn|desinscri|arretez (de m|les notif)|ne m'?ecrivez plus|plus de (messages|sms|notifications|mises a jour)|je ne veux plus (de |d'|recevoir)|desactiver les (alertes|notif)`,
  String.raw`\babmelden|abbestell|keine (sms|nachrichten|benachrichtigungen|updates|mails|e-mails) mehr|\bhort auf|schreibt mir nicht mehr|benachrichtigungen (aus|deaktiv)|stoppt die`,
  String.raw`disiscriv|annulla (l'?)?iscrizione|basta (sms|messaggi|notifiche|aggiornamenti)|non (voglio piu|scrivetemi|scrivermi piu|mandatemi piu)|smett\p{L}{1,24} di (mandar|scriver|inviar)|disattiva\p{L}{0,24} (le )?notifiche|niente piu (aggiornamenti|messaggi)|stop notifiche|toglietemi`,
  String.raw`(?<!\p{L})(?:parem (de|com)|para de me(?!\p{L}))|cancelar (a )?subscri|descadastr|chega de (sms|mensagens)|nao quero mais (notificac|mensagens|sms)|sem mais atualiz|tirem-me|desativar notific`,
  String.raw`отпис|перестаньте|прекратите|хватит (смс|сообщ|писать|присылать)|не пишите|отключ\p{L}{0,24} (уведомл|оповещ|смс)|больше (никаких|не надо|не присылайте)|уберите меня`,
  String.raw`退订|取消订阅|不要(再)?(给我)?(发|通知|推送)|别再(给我)?(发|联系)|关闭通知|停止推送|不需要(更新|通知)|不用(再)?(通知|提醒)`,
]);

const SUBSCRIBE = rx([
  String.raw`\blet me know\b|\bkeep me (posted|updated|informed|in the loop)|\bnotify me|\b(text|ping|message|email|whatsapp|sms) me\b|\bsend me (updates|a text|a message|an? (sms|email))|\btell me when|\balert me|\bsign me up|\bsubscribe\b|\bnotifications? (about|for|when)|(want|get) (delivery )?notifications`,
  String.raw`avis(a|e|en)me|me avis(as|es|an|aran)|mantenme|mantenerme|notif[ií]came|tenme al tanto|quiero (recibir )?(notificaciones|alertas)|(mandame|envíame|enviame) (un sms|un mensaje|actualizaciones)|me escribes cuando|suscribirme`,
  String.raw`prevenez|previens|tenez.moi|notifiez|m'?avertir|je veux (etre alerte|recevoir des notif)|envoyez.moi (un sms|les mises a jour|un message)|ecrivez.moi quand|dites.moi quand|s'?abonner`,
  String.raw`bescheid|auf dem laufenden|benachrichtig\p{L}{0,24} (mich|werden|bekommen)|informier\p{L}{0,24} (mich|sie mich)|schick\p{L}{0,24} mir (eine sms|updates|eine nachricht)|meldet euch wenn|updates abonnieren|ich will benachrichtigt`,
  String.raw`avvisa(mi|temi)|fa(mmi|temi) sapere|tie(nimi|netemi)|notificami|voglio (ricevere notifiche|essere avvisat)|mandami (un sms|gli aggiornamenti)|scrivimi quando|iscrivimi`,
  String.raw`avise(m)?-?me|me avis(a|e)|mantenha?m?-?me|me mant[eé]m|notifiquem|quero (receber notificac|ser avisad)|me manda (uma )?mensagem quando|enviem-me atualiz|escrevam-me|subscrever`,
  String.raw`сообщите|дайте знать|держите (меня )?в курсе|уведомите|оповестите|напишите (мне )?когда|пришлите (смс|сообщение) когда|подписаться|хочу получать уведомл`,
  String.raw`(?<!不要|不要再|别|别再|不用|不用再)(通知我|提醒我|给我发(短信|消息|邮件|个消息))|(发货|到了|到货|寄出|送达|更新|进展|消息|动态)[^，。？！]{0,6}(告诉|通知|提醒)我|订阅|随时告诉|我想收到通知`,
]);

const HUMAN_AGENT = rx([
  String.raw`\b(real|actual|live) (person|human|agent|people)|\b(talk|speak|chat) (to|with) (a |an |the |some )?(human|person|someone|somebody|agent|manager|representative|rep|staff|people)|\bhuman\b|\bagent\b|\boperator\b|\brepresentative\b|\bcustomer service\b|\bnot a bot\b`,
  String.raw`hablar con (una persona|alguien|un agente|un humano|un operador|un encargado|un asesor|atencion)|persona (real|de verdad)|\bhumano\b|\bagente\b|\boperador\b|atencion al cliente|\basesor\b`,
  String.raw`\bconseiller|parler a (un|une|quelqu)|\bhumain\b|vraie personne|\boperateur\b|service client|\bresponsable\b`,
  String.raw`\bmensch\b|menschen|mitarbeiter|echte(n)? person|kundenservice|kundendienst|\bberater|vorgesetzte`,
  String.raw`operatore|persona (reale|vera)|\bumano\b|parlare con (qualcuno|una persona|un)|servizio clienti|assistenza umana`,
  String.raw`atendente|\bhumano\b|pessoa real|falar com (alguem|uma pessoa|um|o responsavel)|\boperador\b|apoio ao cliente|atendimento humano`,
  String.raw`оператор|живо\p{L}{1,24} человек|с человеком|менеджер|сотрудник|консультант|специалист|служба поддержки`,
  String.raw`人工|真人|客服|经理`,
]);

const INJECTION = rx([
  String.raw`ignore (all |any )?(the )?(previous|prior|above|earlier|your) (instructions|rules|prompts?)|you are now|admin mode|developer mode|system prompt|jailbreak|(list|show|print|dump) (me )?(every|all) (the )?(orders|customers|emails)`,
  String.raw`ignora (todas )?(las |tus )?instrucciones|ahora eres|ignore (tes|les|vos|toutes les) (instructions|consignes)|tu es maintenant|ignoriere|du bist jetzt`,
  String.raw`ignora (tutte )?(le )?istruzioni|ora sei|ignora (todas )?(as )?instruc|agora (es|és|voce e)|игнорируй|теперь ты|忽略|你现在是`,
]);

/** "Can you tell me when it will get here?" asks for a date now; "text me when it ships" asks for a notice later. */
const TELL_ME_WHEN_QUESTION = rx([
  String.raw`\b(can|could|would) (you|u) (please |pls )?tell me when\b`,
  String.raw`(pouvez|pourriez|peux|pourrais)[- ](vous|tu) me dire quand|(vous pouvez|vous pourriez|tu peux|tu pourrais) me dire quand|(puedes|puede|podrias|podria|pueden) decirme cuando|me (puedes|puede|pueden|podrias) decir cuando`,
  String.raw`(konnen|konnten|kannst|konntest) (sie|du|ihr) mir sagen,? wann|(mi )?(sai|sapete|puoi|potete|potreste) dire quando|(consegue|conseguem|pode|podem|poderia|poderiam) (me )?dizer quando`,
  String.raw`(подскажите|скажите|можете сказать),? когда|(能|可以)告诉我(什么时候|几时|哪天)`,
]);

/** "Why was it cancelled?" asks about the order's state; "cancel it" asks for a change. */
const CANCELLED_QUESTION = rx([
  String.raw`\b(was|been|got|is) (it )?(cancell?ed)|why (did you |was it |was my order )?cancel`,
  String.raw`cancelaron|fue cancelad|ha sido cancelad|annulee|a ete annul|storniert (worden|wurde)|wurde .{0,60}storniert|annullato|e stato annullat|cancelaram|foi cancelad|отменили|отменен|被取消`,
]);

const RETURNS = rx([
  String.raw`\breturn(s|ing|ed)?\b(?! to sender)|\brefund|\bexchange|money back|send (it|them) back|store credit`,
  String.raw`devol(ver|verlo|ucion|vi)|(?<!contra )reembols|cambio de talla|hacer un cambio|hacen cambios|cambiarlo por`,
  String.raw`retourn|\bretour\b|(?<!contre )rembours|echang|renvoyer|\bavoir\b`,
  String.raw`zuruck(schicken|senden|geben|geschickt)|retoure|erstatt|umtausch|ruckgabe|rucksend|geld zuruck`,
  String.raw`\breso\b|\bresi\b|restitu|rimbors|rimandat|fare un cambio|cambiarlo con|\brenderlo\b`,
  String.raw`devolv|devoluc|(?<!contra )reembols|\btroca|\btrocar\b`,
  String.raw`возврат|вернуть|обмен`,
  String.raw`退货|退款|换货|退钱|寄回|能退|想退`,
]);

const CHANGE_ORDER = rx([
  String.raw`\bcancel\b(?! (the )?notif)|change (the |my )?(shipping |delivery )?(address|size|colou?r|order|delivery date|quantity)|wrong address|different address|new address|work address|\bmodify|\bedit (my )?order|add (an? |another )?(item|one|\p{L}{1,24} to my order)|remove\b.{0,60}\bfrom (my )?order|(send|ship|deliver|mail) (it|them) to\b.{0,60}\binstead|redirect|typo in my address|remove (an? |the )?(item|\p{L}{1,24}) from`,
  String.raw`cancel(ar|a|en|alo)\b|\banular|cambiar (la |de )?(direccion|talla|color|fecha)|otra direccion|modificar|equivoque de direccion|error en mi direccion|enviarlo a mi|quitar (un|el|la) \p{L}{1,24} del pedido`,
  String.raw`\bannul(er|ez)|modifier|changer (l'?adresse|la taille|la couleur|la date)|autre adresse|nouvelle adresse|trompe d'?adresse|erreur dans mon adresse|(retirer|enlever) (un|le|la) \p{L}{1,24} de (la|ma) commande`,
  String.raw`stornier|\bstorno|adresse andern|andern\b|falsche adresse|andere adresse|neue adresse|umgezogen|aus der bestellung entfernen`,
  String.raw`annulla(re|te)|cambiare (l'?indirizzo|la taglia|colore|la data)|modificare|sbagliato indirizzo|altro indirizzo|nuovo indirizzo|errore nell'?indirizzo|togliere (un|l'?)\s?\p{L}{1,24} dall'?ordine`,
  String.raw`cancel(ar|em)\b|mudar (a |o )?(morada|endereco|cor|data)|alterar|outra morada|outro endereco|nova morada|enganei-me na morada|erro na minha morada|retirar (um|o) \p{L}{1,24} da encomenda`,
  String.raw`отмени|отмена заказа|измени\p{L}{0,24} (адрес|заказ)|помен|другой адрес|новый адрес|ошибся в адресе|ошибка в адресе|(убрать|удалить) \p{L}{1,24} из заказа`,
  String.raw`取消订单|取消|改(收货)?地址|修改|换个地址|另一个地址|新地址|地址写错|下错单|删掉|删除订单|去掉`,
]);

const PROBLEMS: Array<[ProblemKind, RegExp]> = [
  ['failed_delivery', rx([
    String.raw`tried to deliver|attempted delivery|delivery attempt|failed (delivery|attempt)|left a (card|note|slip)|missed delivery|nobody (knocked|rang)|(i was|i'?m) (at )?home`,
    String.raw`intent\p{L}{0,24} (de )?entrega|intento entregar|dejaron (un )?aviso|estaba en casa|estuve (en casa )?todo el dia`,
    String.raw`avis de passage|tentative de livraison|est passe|j'?etais (chez moi|la)`,
    String.raw`zustellversuch|benachrichtigungskarte|war (den ganzen tag )?zu ?hause|nicht angetroffen|war da\b`,
    String.raw`provato a consegnare|tentativo di consegna|mancata consegna|ero (a|in) casa`,
    String.raw`tentou entregar|tentativa de entrega|deixaram (um )?aviso|estava em casa`,
    String.raw`пытался доставить|попытка доставки|извещение|был дома|была дома`,
    String.raw`派送失败|送过了|一直在家|通知单|整天都在家|没人来`,
  ])],
  ['not_received', rx([
    String.raw`(says|marked|shows|showing|listed)( as)? delivered|delivered but|never (got|received|arrived|came)|didn'?t (get|receive)|not received|stolen|\blost\b|nothing (is )?here`,
    String.raw`entregado pero|dice entregado|no (lo )?he recibido|robaron|perdido`,
    String.raw`livre mais|indique livre|rien recu|pas recu|perdu|vole`,
    String.raw`zugestellt aber|als zugestellt|nichts bekommen|nicht (bekommen|erhalten)|verloren|geklaut|gestohlen`,
    String.raw`consegnato ma|dice consegnato|non ho ricevuto|perso\b|rubato`,
    String.raw`entregue mas|diz entregue|nao recebi|perdeu|roubaram`,
    String.raw`доставлено,? но|ничего не получил|не получил|потерял|украли`,
    String.raw`已签收但|显示.{0,60}送到|没收到|丢了|被偷`,
  ])],
  ['damaged', rx([
    String.raw`damaged|broken|\bcracked|shattered|crushed|smashed|dented|\bripped|\btorn\b`,
    String.raw`\brot[oa]s?\b|danad|aplastad|mal estado|estropead`,
    String.raw`abime|\bcasse|endommag|ecrase`,
    String.raw`beschadigt|kaputt|zerbrochen|eingedruckt`,
    String.raw`\brott[oaie]\b|danneggiat|schiacciat`,
    String.raw`partid[oa]|danificad|quebrad|amassad`,
    String.raw`сломан|поврежд|разбит|помят`,
    String.raw`坏|破损|碎|压坏`,
  ])],
  ['wrong_item', rx([
    String.raw`wrong (item|size|colou?r|product|thing|one|order)|not what i ordered|someone else'?s`,
    String.raw`(producto|talla|color|articulo) equivocad|no es lo que (pedi|compre)|de otra persona|no (es|son) (el|la|los|las) que (pedi|compre)`,
    String.raw`(mauvais|mauvaise) (article|taille|couleur|produit)|pas ce que j'?ai commande|quelqu'?un d'?autre|ce n'?(est|etait) pas (le|la|les) bon|ne sont pas (les|le|la) bon`,
    String.raw`falsche(n)? (artikel|grosse|farbe|ware)|nicht bestellt|von jemand anderem`,
    String.raw`(articolo|taglia|colore) sbagliat|non e quello che ho ordinato|di un altro`,
    String.raw`(artigo|tamanho|cor) errad|nao e o que encomendei|de outra pessoa`,
    String.raw`не тот|не та |не то что|чужой`,
    String.raw`发错|寄错|送错|發錯|寄錯|送錯|不是我买的|不是我買的|不是我订的|不是我訂的|别人的|別人的`,
  ])],
  ['missing_item', rx([
    String.raw`\bmissing\b|only (got|received|came)|incomplete|(wasn'?t|not) in the (box|package)|where (is|are) the other`,
    String.raw`\bfalta(n)?\b|solo (me )?llego|incomplet`,
    String.raw`il manque|manquant|recu (que|seulement)|incomplet`,
    String.raw`\bfehlt|fehlen|nur [\p{L} ]{1,30}(bekommen|erhalten|geliefert|angekommen)|unvollstandig`,
    String.raw`\bmanca(no)?\b|(arrivat\p{L}{0,24}|ricevuto) solo|incomplet`,
    String.raw`\bfalta(m)?\b|so recebi|incomplet`,
    String.raw`не хватает|(пришл|получил)\p{L}{0,24} только`,
    String.raw`少了|缺|只收到|不全`,
  ])],
  ['stuck', rx([
    String.raw`hasn'?t (moved|updated|changed)|hasnt movd|not (moved|updated)|no (movement|update|updates) (in|for|since)|stuck|(in|at) customs|(hasn'?t|not) (been )?(shipped|dispatched) (yet )?(after|in|for)|still (hasn'?t|not) (shipped|moved)`,
    String.raw`no se mueve|atascad|\bparad[oa]|sin (actualizar|moverse)|en aduanas?|sin actualizacion`,
    String.raw`ne bouge|bloque|aucune mise a jour|en douane`,
    String.raw`bewegt sich nicht|hangt fest|kein update|(beim|am) zoll|nicht verschickt worden`,
    String.raw`non si muove|bloccat|\bfermo\b|nessun aggiornamento|in dogana`,
    String.raw`nao se mexe|\bparad[oa]\b|sem atualizac|na alfandega|retid`,
    String.raw`не обновля|застрял|нет движения|на таможне`,
    String.raw`没更新|卡住|卡在|没有物流|不动`,
  ])],
];

/** Typical "where is my order" phrasings. */
const ORDER_STATUS = rx([
  String.raw`where('?s| is| are| r) (my|it|the|order)|when (will|does|do|is) (it|my|the) \p{L}{0,24}\s?(arrive|come|be delivered|ship|get here)|has (it|my \p{L}{1,24}) (shipped|been (shipped|dispatched|delivered))|(was|is) it (delivered|shipped)\b|tracking (number|link|info)|status of|any (update|news) on`,
  String.raw`donde (esta|estan) mi|cuando (me )?(llega\p{L}{0,3}|llegar\p{L}{0,3}|envia\p{L}{0,2}|enviar\p{L}{0,3}|sale|saldra)|estado de(l| mi) (pedido|envio)|numero de seguimiento|ou (est|en est|en sont)|quand (est-ce qu'?(elle|il) )?(arrive\p{L}{0,4}|sera livr|vais-je recevoir)|elle arrive quand|numero de suivi`,
  String.raw`wo (ist|bleibt|is) mein|wann (kommt|wird|kommen) (mein|geliefert|es|sie|er|das|die|der)|sendungsnummer|stand meiner|dov'?e il mio|dove (e|sta) il mio|quando (mi )?(arriv\p{L}{0,4}|spedi\p{L}{0,4}|sara consegnat)|a che punto`,
  String.raw`onde (esta|estao) (a|o) minha|onde esta o meu|quando (vai )?cheg\p{L}{0,4}|cade (a |o )?(minha|meu)|codigo de rastreio|где (мой|моя|мои)|когда (придет|придёт|доставят|отправят)|трек.?номер|статус заказа`,
  String.raw`到哪|什么时候(到|发货|送达)|物流信息|快递单号|订单状态|预计送达|在路上`,
]);

/** Questions outside order care (stock, hours, payment, accounts...): the classifier's "other". */
const OTHER_TOPICS = rx([
  // Paying on delivery (cash on delivery): "contra reembolso" and "contre remboursement" are no refund.
  String.raw`cash on delivery|pay (on|at|upon) delivery|\bcod\b|contra ?reembolso|pago contra entrega|pag(ar|o) al recibir|paiement a la livraison|contre.?remboursement|payer a la livraison|nachnahme|bei (der )?(lieferung|zustellung) (be)?zahlen|contrassegno|pagamento alla consegna|pagare alla consegna|pagamento na entrega|pagar na entrega|a cobranca|наложенн\p{L}{0,4} плат|оплат\p{L}{0,4} при получении|货到付款|到付`,
  String.raw`in stock|restock|back in stock|opening hours|gift ?cards?|payment methods?|paypal|discount code|coupon|promo code|password|physical store|\bvegan\b|what material|hiring|review`,
  String.raw`reponer|en stock|horario|tarjetas? regalo|metodos de pago|codigo de descuento|cupon|contrasena|tienda fisica|vegano|material`,
  String.raw`reapprovisionn|horaires|cartes? cadeaux?|moyens de paiement|code promo|mot de passe|magasin physique|vegan|matiere`,
  String.raw`wieder rein|offnungszeiten|gutscheine|zahlungsarten|rabattcode|passwort|ladengeschaft|vegan|material`,
  String.raw`tornera disponibile|orari|carte regalo|metodi di pagamento|codice sconto|password|negozio fisico|vegano|materiale`,
  String.raw`repor|horario|cartoes presente|metodos de pagamento|codigo de desconto|cupao|palavra-passe|loja fisica|vegan|material`,
  String.raw`поступлени|график работы|подарочн|способы оплаты|промокод|пароль|магазин|веган|материал`,
  String.raw`补货|营业时间|礼品卡|付款方式|支付宝|优惠码|优惠券|密码|实体店|纯素|材料`,
]);

/** A replacement request without naming the fault ("can you send me a new one"). */
const REPLACEMENT = rx([
  String.raw`send (me )?(a )?(new|replacement|another) one|\breplacement\b|\breplace (it|them)`,
  String.raw`(uno|una) nuev[oa]|reemplazo|sustitucion|renvoyer un nouveau|remplacement|\bersatz|neues schicken|sostituzione|uno nuovo|substituic|um novo|замен|прислать новый|重新发|换新`,
]);

const ABUSE = rx([
  String.raw`\b(wtf|fuck\p{L}{0,24}|shit\p{L}{0,24}|damn|ridiculous|useless|scam\p{L}{0,24}|worst|terrible|pathetic|unacceptable|idiots?|stupid|disgusting|furious|fed up|joke)\b`,
  String.raw`mierda|joder|estafa|verguenza|inaceptable|inutil|ridicul|merde|putain|arnaque|inadmissible|honteux|inacceptable`,
  String.raw`scheisse|verdammt|betrug|unverschamt|frechheit|lacherlich|cazzo|vergogna|truffa|schifo|inaccettabile|ridicolo`,
  String.raw`porra|burla|golpe|inaceitavel|absurdo|бля|черт|ужас|безобраз|обман|мошенн|отврат|позор|垃圾|骗子|气死|太差|什么破|搞什么|妈的`,
]);
const ANGRY_EMOJI = /[\u{1F620}\u{1F621}\u{1F624}\u{1F92C}\u{1F595}]/u;

export interface RuleSignals {
  intents: Set<Intent>;
  problem?: ProblemKind;
  injection: boolean;
  cancelledQuestion: boolean;
}

/** "Sorry, typo: it's ...", "i meant", "ho sbagliato", "打错了": a correction of details just given. */
const CORRECTION = rx([
  String.raw`\btypo\b|\bi meant\b|\bmy (bad|mistake)\b|\bwrong (number|email|one)\b|\bmistyped\b|\bsorry,? (it'?s|its)\b`,
  String.raw`me equivoque|perdon,? (es|era)|error(,| de)? (tipeo|escritura)|je me suis trompe|faute de frappe|erreur,? c'?est|vertippt|verschrieben|tippfehler|ho sbagliato|errore di battitura|enganei|errei|erro de digitacao|опечатк|ошиб(ся|лась)|打错|打錯|写错|寫錯|输错|輸錯`,
]);

export function isCorrection(folded: string): boolean {
  return CORRECTION.test(folded);
}

export function ruleSignals(folded: string): RuleSignals {
  const intents = new Set<Intent>();
  const injection = INJECTION.test(folded);
  const cancelledQuestion = CANCELLED_QUESTION.test(folded);
  const dateQuestion = TELL_ME_WHEN_QUESTION.test(folded);
  if (UNSUBSCRIBE.test(folded)) intents.add('unsubscribe');
  else if (SUBSCRIBE.test(folded) && !dateQuestion) intents.add('subscribe_updates');
  if (HUMAN_AGENT.test(folded)) intents.add('human_agent');
  if (RETURNS.test(folded)) intents.add('returns');
  if (!cancelledQuestion && CHANGE_ORDER.test(folded) && !intents.has('unsubscribe')) intents.add('change_order');
  // "Was my order cancelled? I got nothing": nothing arrived because of what they ask about.
  const problem = PROBLEMS.find(([kind, pattern]) => !(cancelledQuestion && kind === 'not_received') && pattern.test(folded))?.[0];
  if (problem || REPLACEMENT.test(folded)) intents.add('delivery_problem');
  // "returned to sender" is a delivery problem, not a return request.
  if (/return(ed)? to sender|devuelto al remitente|retourne a l'?expediteur|zuruck an den absender|tornato al mittente|devolvida ao remetente|вернули отправителю|退回/u.test(folded)) {
    intents.delete('returns');
    intents.add('delivery_problem');
  }
  if (cancelledQuestion || dateQuestion || ORDER_STATUS.test(folded)) intents.add('order_status');
  if (OTHER_TOPICS.test(folded)) intents.add('other');
  return { intents, problem, injection, cancelledQuestion };
}

/** Shouting, rage emoji or abuse. */
export function isNegative(original: string, folded: string): boolean {
  const letters = original.match(/\p{L}/gu) ?? [];
  const upper = original.match(/\p{Lu}/gu) ?? [];
  const shouting = letters.length >= 12 && upper.length / letters.length > 0.6;
  return shouting || /!{3,}/.test(original) || ANGRY_EMOJI.test(original) || ABUSE.test(folded);
}
