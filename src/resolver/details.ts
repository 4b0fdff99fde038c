/**
 * Tells whether a message is "just details" (contract §7 `provide_details`): once its entities
 * are blanked out, only filler words remain ("its 1042", "my email is X", "zip is 85003",
 * "and the other one is 1055", "ok try X then", "邮箱是 X", "dann halt 80333").
 */
import { words } from './text';

const list = (s: string) => s.split(/\s+/).filter(Boolean);

export const GREETING_WORDS = new Set(list(`
  hi hello hey hiya yo heya howdy morning evening afternoon good hola buenas buenos dias tardes noches bonjour bjr salut bonsoir coucou slt
  hallo moin servus guten tag morgen abend ciao buongiorno buonasera salve ola oi bom boa dia tarde noite здравствуйте привет добрый день
  утро вечер 你 好 您 嗨`));

export const THANKS_WORDS = new Set(list(`
  thanks thank thx ty tysm cheers bye goodbye gracias merci danke dankeschon grazie obrigado obrigada valeu спасибо благодарю пока
  谢 谢 多 感 拜`));

const FILLER_WORDS = new Set(list(`
  its it s is it's my the a an order orders ordr number numbers no nr num id ref reference email mail e emails address zip code postcode post postal
  phone tel mobile cell and other one ok okay k try then here this that pls please sure yes yeah yep sorry oops oh i mean actually also or
  use used with under was should be for of on in at as too again instead maybe think mine so well um uh
  es mi el la pedido numero correo movil telefono y otro otra vale pues prueba entonces con codigo cp de aqui esta este seria perdon si
  c est mon ma le numero n commande courriel portable et l autre alors voici essaie essayez avec oui pardon
  meine mein ist die der das bestellnummer bestellung bestellnr handy telefon plz und andere dann halt probier versuch mit hier ja
  e il mio mia ordine cellulare cap altro allora prova ecco scusa n
  o a minha meu encomenda telemovel telefone celular cep outra outro entao tenta aqui desculpa sim
  это мой моя мою мое заказ заказа номер почта почту телефон индекс и другой другая ещё еще вот тогда попробуйте с да
  我 的 是 邮 箱 订 单 号 手 机 电 话 编 还 有 另 一 个 那 试 这 和 也 就 吧 呢 啊 码`));

export interface DetailsReading {
  /** Nothing but filler, greeting and thanks words besides the entities. */
  onlyFiller: boolean;
  greeting: boolean;
  thanks: boolean;
  /** Words that are neither filler nor greeting/thanks. */
  contentWords: string[];
  /** Tokens with digits in them that no finder took ("d06kf92", "150-0001"): details of an unknown shape. */
  detailLike: boolean;
}

/** Reads the text left once entities are blanked out (already folded). */
export function readLeftover(foldedRest: string): DetailsReading {
  const all = words(foldedRest);
  const tokens = all.filter((t) => !/\d/.test(t));
  const contentWords = tokens.filter((t) => !FILLER_WORDS.has(t) && !GREETING_WORDS.has(t) && !THANKS_WORDS.has(t));
  return {
    detailLike: all.some((t) => /\d/.test(t)),
    onlyFiller: contentWords.length === 0,
    greeting: tokens.some((t) => GREETING_WORDS.has(t)),
    thanks: tokens.some((t) => THANKS_WORDS.has(t)),
    contentWords,
  };
}
