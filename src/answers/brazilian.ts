/**
 * The Portuguese templates are written in European Portuguese; Brazilian shoppers read the
 * words Brazil uses where the two differ. Only swaps that keep grammar and gender intact.
 */
const SWAPS: [RegExp, string][] = [
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

export function inBrazilianWording(text: string): string {
  return SWAPS.reduce((t, [pattern, swap]) => t.replace(pattern, swap), text);
}
