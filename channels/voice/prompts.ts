import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** The call's own prompts, in each of the bot's languages (the bot's replies come in the caller's language too). */
export interface VoicePrompts {
  welcome(shop: string): string;
  askAgain: string;
  readBack(spelled: string): string;
  confirmAgain: string;
  tryAgain: string;
  anythingElse: string;
  stillThere: string;
  callBack: string;
  goodbye: string;
  trouble: string;
}

const PROMPTS: Record<string, VoicePrompts> = {
  en: {
    welcome: (shop) => `Hello, this is ${shop}. To check on an order, please say or key in your order number.`,
    askAgain: 'Sorry, I did not catch an order number. Please say it, or key it in, then press the pound key.',
    readBack: (spelled) => `I heard order ${spelled}. Is that right? Say yes or press 1. Say no or press 2.`,
    confirmAgain: 'Please say yes or press 1 if that is right, or say no or press 2.',
    tryAgain: 'OK, let us try again. Please say or key in your order number.',
    anythingElse: 'Anything else? Ask another question, or hang up.',
    stillThere: 'Are you still there? Please answer, or key in the digits.',
    callBack: 'A person from our team will call or message you back.',
    goodbye: 'Thank you for calling. Goodbye.',
    trouble: 'Sorry, something went wrong on our side. Please call again later.',
  },
  es: {
    welcome: (shop) => `Hola, le atiende ${shop}. Para consultar un pedido, diga o marque su número de pedido.`,
    askAgain: 'Perdone, no he entendido el número de pedido. Dígalo o márquelo y pulse la tecla almohadilla.',
    readBack: (spelled) => `He entendido el pedido ${spelled}. ¿Es correcto? Diga sí o pulse 1. Diga no o pulse 2.`,
    confirmAgain: 'Diga sí o pulse 1 si es correcto, o diga no o pulse 2.',
    tryAgain: 'De acuerdo, probemos otra vez. Diga o marque su número de pedido.',
    anythingElse: '¿Algo más? Haga otra pregunta o cuelgue.',
    stillThere: '¿Sigue ahí? Responda, o marque los dígitos.',
    callBack: 'Una persona de nuestro equipo le llamará o le escribirá.',
    goodbye: 'Gracias por llamar. Adiós.',
    trouble: 'Lo sentimos, algo ha fallado por nuestra parte. Vuelva a llamar más tarde.',
  },
  fr: {
    welcome: (shop) => `Bonjour, vous êtes chez ${shop}. Pour suivre une commande, dites ou tapez votre numéro de commande.`,
    askAgain: "Désolé, je n'ai pas compris le numéro de commande. Dites-le ou tapez-le, puis appuyez sur la touche dièse.",
    readBack: (spelled) => `J'ai compris la commande ${spelled}. Est-ce exact ? Dites oui ou tapez 1. Dites non ou tapez 2.`,
    confirmAgain: "Dites oui ou tapez 1 si c'est exact, ou dites non ou tapez 2.",
    tryAgain: 'Très bien, recommençons. Dites ou tapez votre numéro de commande.',
    anythingElse: 'Autre chose ? Posez une autre question, ou raccrochez.',
    stillThere: 'Vous êtes toujours là ? Répondez, ou tapez les chiffres.',
    callBack: 'Un conseiller de notre équipe vous rappellera ou vous écrira.',
    goodbye: 'Merci de votre appel. Au revoir.',
    trouble: 'Désolé, un problème est survenu de notre côté. Merci de rappeler plus tard.',
  },
  de: {
    welcome: (shop) => `Guten Tag, hier ist ${shop}. Um eine Bestellung zu prüfen, sagen oder tippen Sie bitte Ihre Bestellnummer.`,
    askAgain: 'Entschuldigung, ich habe keine Bestellnummer verstanden. Bitte sagen oder tippen Sie sie und drücken Sie die Rautetaste.',
    readBack: (spelled) => `Ich habe Bestellung ${spelled} verstanden. Stimmt das? Sagen Sie ja oder drücken Sie 1. Sagen Sie nein oder drücken Sie 2.`,
    confirmAgain: 'Bitte sagen Sie ja oder drücken Sie 1, wenn das stimmt, sonst nein oder 2.',
    tryAgain: 'Gut, versuchen wir es noch einmal. Bitte sagen oder tippen Sie Ihre Bestellnummer.',
    anythingElse: 'Noch etwas? Stellen Sie eine weitere Frage, oder legen Sie auf.',
    stillThere: 'Sind Sie noch da? Bitte antworten Sie oder tippen Sie die Ziffern.',
    callBack: 'Eine Person aus unserem Team ruft Sie zurück oder schreibt Ihnen.',
    goodbye: 'Danke für Ihren Anruf. Auf Wiederhören.',
    trouble: 'Entschuldigung, bei uns ist etwas schiefgegangen. Bitte rufen Sie später noch einmal an.',
  },
  it: {
    welcome: (shop) => `Buongiorno, qui è ${shop}. Per controllare un ordine, dica o digiti il numero d'ordine.`,
    askAgain: "Mi scusi, non ho capito il numero d'ordine. Lo dica o lo digiti, poi prema il tasto cancelletto.",
    readBack: (spelled) => `Ho capito l'ordine ${spelled}. È corretto? Dica sì o prema 1. Dica no o prema 2.`,
    confirmAgain: 'Dica sì o prema 1 se è corretto, oppure dica no o prema 2.',
    tryAgain: "Va bene, riproviamo. Dica o digiti il numero d'ordine.",
    anythingElse: "Altro? Faccia un'altra domanda, oppure riagganci.",
    stillThere: 'È ancora in linea? Risponda, o digiti le cifre.',
    callBack: 'Una persona del nostro team la richiamerà o le scriverà.',
    goodbye: 'Grazie per aver chiamato. Arrivederci.',
    trouble: 'Ci scusi, qualcosa non ha funzionato da parte nostra. Richiami più tardi.',
  },
  pt: {
    welcome: (shop) => `Olá, fala a ${shop}. Para consultar uma encomenda, diga ou marque o número da encomenda.`,
    askAgain: 'Desculpe, não percebi o número da encomenda. Diga-o ou marque-o e prima a tecla cardinal.',
    readBack: (spelled) => `Percebi a encomenda ${spelled}. Está correto? Diga sim ou prima 1. Diga não ou prima 2.`,
    confirmAgain: 'Diga sim ou prima 1 se estiver correto, ou diga não ou prima 2.',
    tryAgain: 'Muito bem, vamos tentar de novo. Diga ou marque o número da encomenda.',
    anythingElse: 'Mais alguma coisa? Faça outra pergunta ou desligue.',
    stillThere: 'Ainda está aí? Responda ou marque os dígitos.',
    callBack: 'Uma pessoa da nossa equipa vai ligar-lhe ou enviar-lhe uma mensagem.',
    goodbye: 'Obrigado pela sua chamada. Adeus.',
    trouble: 'Desculpe, algo correu mal do nosso lado. Ligue novamente mais tarde.',
  },
  ru: {
    welcome: (shop) => `Здравствуйте, это ${shop}. Чтобы узнать о заказе, назовите или наберите номер заказа.`,
    askAgain: 'Извините, я не расслышал номер заказа. Назовите его или наберите и нажмите решётку.',
    readBack: (spelled) => `Я услышал заказ ${spelled}. Верно? Скажите да или нажмите 1. Скажите нет или нажмите 2.`,
    confirmAgain: 'Скажите да или нажмите 1, если верно, или скажите нет или нажмите 2.',
    tryAgain: 'Хорошо, попробуем ещё раз. Назовите или наберите номер заказа.',
    anythingElse: 'Что-нибудь ещё? Задайте вопрос или положите трубку.',
    stillThere: 'Вы ещё на линии? Ответьте или наберите цифры.',
    callBack: 'Сотрудник нашей команды перезвонит вам или напишет.',
    goodbye: 'Спасибо за звонок. До свидания.',
    trouble: 'Извините, у нас произошла ошибка. Пожалуйста, позвоните позже.',
  },
  zh: {
    welcome: (shop) => `您好，这里是${shop}。查询订单，请说出或按键输入您的订单号。`,
    askAgain: '抱歉，我没有听清订单号。请说出或按键输入，然后按井号键。',
    readBack: (spelled) => `我听到的订单号是 ${spelled}。对吗？对请说是或按1，不对请说不是或按2。`,
    confirmAgain: '如果正确，请说是或按1；否则请说不是或按2。',
    tryAgain: '好的，我们再试一次。请说出或按键输入您的订单号。',
    anythingElse: '还有其他问题吗？请继续提问，或挂断电话。',
    stillThere: '您还在吗？请回答，或按键输入数字。',
    callBack: '我们团队的工作人员会给您回电或发消息。',
    goodbye: '感谢您的来电，再见。',
    trouble: '抱歉，我们这边出了问题，请稍后再拨。',
  },
};

/** The prompts in a Twilio voice language ('es-ES'...), English when the language has none. */
export function promptsFor(voiceLanguage: string): VoicePrompts {
  return PROMPTS[voiceLanguage.slice(0, 2).toLowerCase()] ?? PROMPTS.en;
}

/** Countries whose callers are greeted in one of the bot's languages (else English). */
const COUNTRY_LANGUAGE: Record<string, string> = {
  ES: 'es', MX: 'es', AR: 'es', CO: 'es', CL: 'es', PE: 'es', FR: 'fr', BE: 'fr', LU: 'fr', DE: 'de', AT: 'de', CH: 'de',
  IT: 'it', PT: 'pt', BR: 'pt', RU: 'ru', BY: 'ru', KZ: 'ru', CN: 'zh', TW: 'zh', HK: 'zh',
};

/** The language to greet a caller in, from the caller id's country: a first guess the caller's words correct. */
export function greetingLanguage(callerId: string): string {
  const country = parsePhoneNumberFromString(callerId)?.country;
  return (country && COUNTRY_LANGUAGE[country]) || 'en';
}
