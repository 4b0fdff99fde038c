/**
 * The templates are written in European Portuguese, Spanish of Spain and French of France;
 * shoppers of the other variants read the words their region uses where the two differ.
 * Only swaps that keep grammar and gender intact.
 */
import type { RegionalVariant } from '../vocabulary';

type Swaps = Array<[RegExp, string]>;

const BRAZILIAN: Swaps = [
  [/\bequipa\b/g, 'equipe'],
  [/\bEquipa\b/g, 'Equipe'],
  [/\bcódigo postal\b/g, 'CEP'],
  [/\bCódigo postal\b/g, 'CEP'],
  [/\btelemóvel\b/g, 'celular'],
  [/\bmorada\b/g, 'endereço'],
  [/\bmoradas\b/g, 'endereços'],
  [/\bcontacto\b/g, 'contato'],
  [/\bregisto\b/g, 'registro'],
  [/\breceção\b/g, 'recepção'],
  [/\bo vai ajudar\b/g, 'vai ajudar você'],
  [/\bSeguir outra encomenda\b/g, 'Rastrear outro pedido'],
  [/\bencomendas\b/g, 'pedidos'],
];

/** Latin-American Spanish (Mexico and the rest of the Americas). */
const LATIN_AMERICAN: Swaps = [
  [/\ben reparto\b/g, 'en ruta de entrega'],
  [/\buna incidencia\b/g, 'un problema'],
  [/\bla incidencia\b/g, 'el problema'],
  [/\bincidencia\b/g, 'problema'],
  [/\bdocumento de identidad\b/g, 'identificación oficial'],
  [/\bdías laborables\b/g, 'días hábiles'],
  [/\bdía laborable\b/g, 'día hábil'],
  [/\blaborables\b/g, 'hábiles'],
  [/\blaborable\b/g, 'hábil'],
];

/** Canadian French (Quebec). */
const CANADIAN: Swaps = [
  [/\bde l'e-mail\b/g, 'du courriel'],
  [/\bà l'e-mail\b/g, 'au courriel'],
  [/\bl'e-mail\b/g, 'le courriel'],
  [/\bL'e-mail\b/g, 'Le courriel'],
  [/\bd'e-mail\b/g, 'de courriel'],
  [/\be-mails\b/g, 'courriels'],
  [/\be-mail\b/g, 'courriel'],
  [/\bjours ouvrés\b/g, 'jours ouvrables'],
  [/\bweek-end\b/g, 'fin de semaine'],
  [/\btéléphone portable\b/g, 'cellulaire'],
];

const SWAPS: Partial<Record<RegionalVariant, Swaps>> = { 'pt-BR': BRAZILIAN, 'es-419': LATIN_AMERICAN, 'fr-CA': CANADIAN };

/** The text in the variant's wording; variants the templates are written in come back unchanged. */
export function inRegionalWording(variant: RegionalVariant | undefined, text: string): string {
  const swaps = variant ? SWAPS[variant] : undefined;
  return swaps ? swaps.reduce((t, [pattern, swap]) => t.replace(pattern, swap), text) : text;
}
