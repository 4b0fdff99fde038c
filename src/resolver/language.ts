/**
 * Language of a shopper message. Scripts settle Russian and Chinese. For the six Latin-script
 * languages two signals are added: marker words (function words and shop vocabulary typical of
 * one language; a word shared by several languages counts for each a share) and a character
 * n-gram naive Bayes model trained on the utterance files, which tells apart what the markers do
 * not know ("cadê", "hallöchen"). Emails, order numbers and phones are removed first: they say
 * nothing about the language, and a message made only of them gets `undefined`.
 */
import { scanEntities } from './entities';
import { fold, hasCyrillic, hasHan, letterWords } from './text';
import { allUtterances } from './utterances';
import type { Lang } from './types';

type LatinLang = Exclude<Lang, 'ru' | 'zh'>;
/** Score margin under which the prior language wins. */
const NEAR_TIE = 0.6;
const LATIN: LatinLang[] = ['en', 'es', 'fr', 'de', 'it', 'pt'];

const MARKERS: Record<LatinLang, string> = {
  en: `the my is where wheres what whats when how hw you your u i im it its and to of for with please pls plz thanks thank thx ty
    hi hello hey yo order ordr package parcel stuff shipping ship shipped delivered tracking trackin refund want can does did has
    hasnt havent have yet still this that get got long til comes coming today any update speak talk someone somebody person real
    team sell guys me text know let from be will was only are nothing here there wrong missing damaged broken send bye cheers
    thats whats going sweater fit doesnt dont cant wont isnt morning evening which would could should need stop notifications
    number zip why much cost usually take instead work address
    operator representative unsubscribe hiya howdy heya greetings goodbye perfect tysm sup alerts disable`,
  es: `el los las mi mis donde esta cuando cuanto cuantos pedido llega llegado hola gracias quiero por favor hay envio envios paquete
    tardan tarda cuesta como puedo hablar ya todavia pero buenas buenos dias vale muchas muchos devolver reembolso rota roto llego ayer
    correo movil tengo hace semana nada del al eso aqui dice recibido estoy usted ustedes vuestro nuestro sigue hasta mismo tambien
    necesito compra cambiar direccion entrega avisame alguien equivocado pedi
    baja adios chao chau holaa holi saludos grax tal transportista usan mensajes
    codigo postal numero perdona perdon`,
  fr: `le les mon ma mes ou est je j veux voudrais commande colis livraison bonjour bjr merci quand elle il arrive vous votre pas rien
    recu un une des du et avec pour parler conseiller svp suis ai mais encore toujours comment faire retourner rembourse remboursee trop
    petit quoi ca ne moi mail qu c chez aussi combien coute livrez livre annuler adresse salut bonsoir cest jai oui non etait suivi
    expedie quelqu personne n
    coucou slt allo cc mrc desabonnement code nickel`,
  de: `der die das ist ich du mir mich mein meine meinen meiner wo wann wie bestellung paket bitte danke hallo nicht noch kannst konnen
    bescheid geben sobald wird zugestellt und mit ein eine einen auch was kostet versendet ihr euch schon bleibt seit wochen verschickt
    worden habe hab sie zu auf den dem sprechen halt dann guten tag nach bekommen ware geliefert lieferung sendung kein keine mochte
    zuruck geld umtauschen versand schweiz immer angekommen gibt
    servus moin hallochen tschuss dankeschon abmelden abbestellen hi hey stoppt bestellstatus versandbedingungen versandoptionen ruckerstattung`,
  it: `il lo gli mio mia miei dov dove quando ordine pacco spedizione ciao grazie voglio vorrei parlare non ho ha sono di che per
    arriva arrivato ricevuto niente nulla consegnato posso cambiare indirizzo consegna casa oggi quanto costa ci mette avete negozio
    della sta buongiorno salve cosa anche ancora fisico reso rimborso rotto spedito perche mi un una nel sul tracking dice io
    buonasera ehi ciaoo arrivederci presto grz assistenza umana disiscrivimi notifiche vendete carte regalo state assumendo`,
  pt: `o os meu minha onde encomenda obrigado obrigada quero saber falar um uma atendente humano nao em do da dos das eu estava
    dia todo transportadora diz tentou entregar faco para produto tempo tenho cade voce voces ja ainda chegou recebi telemovel morada
    porque isso tudo bom boa tarde noite ola envio portes devolucao reembolso pessoa favor consigo posso quanto demora
    oi oii adeus tchau ate logo valeu brigado agradeco obg entao descadastrar avisa avisem aí ai ha saldos politica
    pedido celular codigo postal cep desculpe desculpa quando chega numero e-mail`,
};

const markerWeights = new Map<string, Partial<Record<LatinLang, number>>>();
for (const lang of LATIN) {
  for (const word of MARKERS[lang].split(/\s+/).filter(Boolean)) {
    const entry = markerWeights.get(word) ?? {};
    entry[lang] = 1;
    markerWeights.set(word, entry);
  }
}
for (const entry of markerWeights.values()) {
  const share = 1 / Object.keys(entry).length;
  for (const lang of Object.keys(entry) as LatinLang[]) entry[lang] = share;
}

/** Character 1-3-grams of words, the classic signal for telling related languages apart. */
function ngrams(folded: string): string[] {
  const out: string[] = [];
  for (const word of letterWords(folded)) {
    const padded = ` ${word} `;
    for (let n = 1; n <= 3; n++) for (let i = 0; i + n <= padded.length; i++) out.push(padded.slice(i, i + n));
  }
  return out;
}

interface NgramModel {
  counts: Map<string, number>;
  total: number;
}

let ngramModels: Record<LatinLang, NgramModel> | undefined;

function trainNgramModels(): Record<LatinLang, NgramModel> {
  const models = Object.fromEntries(LATIN.map((l) => [l, { counts: new Map(), total: 0 }])) as Record<LatinLang, NgramModel>;
  for (const u of allUtterances()) {
    if (u.lang === 'ru' || u.lang === 'zh') continue;
    const model = models[u.lang];
    for (const g of ngrams(fold(u.text))) {
      model.counts.set(g, (model.counts.get(g) ?? 0) + 1);
      model.total++;
    }
  }
  return models;
}

/** Posterior of each Latin language under the n-gram model (uniform prior). */
function ngramPosterior(folded: string): Record<LatinLang, number> {
  ngramModels ??= trainNgramModels();
  const grams = ngrams(folded);
  const logLikelihood = LATIN.map((lang) => {
    const { counts, total } = ngramModels![lang];
    return grams.reduce((sum, g) => sum + Math.log(((counts.get(g) ?? 0) + 0.5) / (total + 5000)), 0);
  });
  // Tempered by the number of n-grams: raw likelihoods of long texts are absurdly confident.
  const scale = 1 / Math.max(1, Math.sqrt(grams.length));
  const max = Math.max(...logLikelihood);
  const exp = logLikelihood.map((ll) => Math.exp((ll - max) * scale * 3));
  const sum = exp.reduce((a, b) => a + b, 0);
  return Object.fromEntries(LATIN.map((l, i) => [l, exp[i] / sum])) as Record<LatinLang, number>;
}

/** Preloads the n-gram model, so the first message does not pay for it. */
export function warmUpLanguageDetector(): void {
  ngramModels ??= trainNgramModels();
}

/**
 * Detects the language, or returns `fallback` when the text is too short to tell.
 * `prior` (the conversation's language so far) only breaks near-ties.
 */
export function detectLanguage(text: string, fallback?: Lang, prior?: Lang): Lang | undefined {
  const rest = scanEntities(text ?? '').rest;
  const hanChars = (rest.match(/[\u3400-\u9fff\uf900-\ufaff]/g) ?? []).length;
  const cyrillicChars = (rest.match(/[\u0400-\u04ff]/g) ?? []).length;
  const latinChars = (rest.match(/[a-zA-Z\u00c0-\u024f]/g) ?? []).length;
  if (hasHan(rest) && hanChars * 3 >= latinChars) return 'zh';
  if (hasCyrillic(rest) && cyrillicChars >= latinChars) return 'ru';

  const folded = fold(rest);
  const tokens = letterWords(folded).filter((w) => !/^[\u3400-\u9fff\u0400-\u04ff]/.test(w));
  if (tokens.length === 0) return fallback;

  const markers = Object.fromEntries(LATIN.map((l) => [l, 0])) as Record<LatinLang, number>;
  for (const token of tokens) {
    const entry = markerWeights.get(token);
    if (entry) for (const [lang, weight] of Object.entries(entry) as Array<[LatinLang, number]>) markers[lang] += weight;
  }
  const markerTotal = LATIN.reduce((sum, l) => sum + markers[l], 0);
  const letters = tokens.join('').length;
  // One unknown short word ("ok", "lol") is not enough to tell.
  if (markerTotal === 0 && (tokens.length < 2 || letters < 8)) return fallback;

  // One or two words that are words of the prior's language too ("pedido", "código postal"): the prior.
  if (prior && prior !== 'ru' && prior !== 'zh' && tokens.length <= 2 && markers[prior as LatinLang] > 0) return prior;
  const posterior = ngramPosterior(folded);
  // One or two words ("pedido 302118") barely tell Spanish from Portuguese: the prior weighs more then.
  const priorWeight = tokens.length <= 2 ? 0.8 : 0.3;
  const score = (l: LatinLang) => markers[l] + 1.2 * posterior[l] + (l === prior ? priorWeight : 0);
  const ranked = LATIN.slice().sort((a, b) => score(b) - score(a));
  // Close calls between related languages ("o a lo mejor": Spanish or Portuguese?) go to the
  // conversation's language or the locale's.
  if (prior && prior !== ranked[0] && (LATIN as string[]).includes(prior) && score(ranked[0]) - score(prior as LatinLang) < NEAR_TIE) return prior;
  return ranked[0];
}
