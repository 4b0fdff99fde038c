import { LANGUAGES, type Lang } from '../vocabulary';
import { languagePack } from '../answers/templates';
import type { ShipmentView, TrackingView } from './view';

/**
 * The tracking page as HTML: semantic, mobile first (one column, two on wide screens), no
 * inline script, everything readable without JavaScript; only the chat needs it (Web
 * Chat's bundle and chat.js, served by the web chat channel).
 */

export interface Brand {
  shopName: string;
  /** SHOP_PRIMARY_COLOR, `#rrggbb`. */
  color: string;
}

/** Each language named in itself, for the language menu. */
const AUTONYMS: Record<Lang, string> = {
  en: 'English', es: 'Español', fr: 'Français', de: 'Deutsch', it: 'Italiano', pt: 'Português', ru: 'Русский', zh: '中文',
};

export function renderTrackingPage(view: TrackingView, brand: Brand, chat: { tokenUrl: string }): string {
  const w = view.words;
  const title = w.title({ orderId: view.orderId });
  const sections = [
    view.notices.length > 0 ? section('notices', w.noticesHeading, `<ul class="notices">${view.notices.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`) : '',
    view.pending.items.length > 0
      ? section('pending', w.notShippedHeading, `<ul class="items">${view.pending.items.map((i) => `<li>${esc(i)}</li>`).join('')}</ul>${view.pending.lines.map((l) => `<p>${esc(l)}</p>`).join('')}`)
      : '',
    view.shipments.length > 0 ? section('shipments', w.shipmentsHeading, view.shipments.map((s, i) => shipment(s, i, w)).join('\n')) : '',
  ].filter(Boolean);
  const mount = `<div id="webchat" class="webchat" data-mode="page" data-shop-name="${esc(brand.shopName)}" data-accent="${esc(brand.color)}" data-token-url="${esc(chat.tokenUrl)}" data-domain="/v3/directline" data-locale="${esc(view.locale)}"><p class="webchat-loading">${esc(w.chatLoading)}</p></div>`;
  return `${head(view.lang, `${title} · ${brand.shopName}`, true)}
<body style="${brandStyle(brand.color)}">
${header(brand)}
<div class="layout">
<main id="main" class="order">
  <h1>${esc(title)}</h1>
  <p class="placed">${esc(view.placed)}</p>
  <p class="stage stage-${view.stage}">${esc(w.stage[view.stage])}</p>
  ${sections.join('\n  ')}
</main>
<section class="chat-panel" aria-labelledby="chat-heading">
  <h2 id="chat-heading">${esc(w.chatHeading)}</h2>
  <p class="chat-intro">${esc(w.chatIntro)}</p>
  ${mount}
  <noscript><p class="noscript">${esc(w.noScript)}</p></noscript>
</section>
</div>
${footer(view.lang)}
</body>
</html>
`;
}

/** The one page for a link that is malformed, tampered with, expired or of an unknown order: it says nothing of which. */
export function renderNotFoundPage(lang: Lang, brand: Brand): string {
  const w = languagePack(lang).trackingPage;
  return `${head(lang, `${w.notFoundTitle} · ${brand.shopName}`, false)}
<body style="${brandStyle(brand.color)}">
${header(brand)}
<main id="main" class="order not-found">
  <h1>${esc(w.notFoundTitle)}</h1>
  <p>${esc(w.notFoundText)}</p>
</main>
</body>
</html>
`;
}

function head(lang: Lang, title: string, chat: boolean): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${esc(title)}</title>
<link rel="stylesheet" href="/track/page.css">${chat ? '\n<script src="/webchat/webchat.js" defer></script>\n<script src="/webchat/chat.js" defer></script>' : ''}
</head>`;
}

function header(brand: Brand): string {
  return `<header class="site-header"><p class="brand">${esc(brand.shopName)}</p></header>`;
}

function footer(current: Lang): string {
  const links = LANGUAGES.map((l) =>
    l === current
      ? `<li><a href="?lang=${l}" lang="${l}" hreflang="${l}" aria-current="page">${AUTONYMS[l]}</a></li>`
      : `<li><a href="?lang=${l}" lang="${l}" hreflang="${l}">${AUTONYMS[l]}</a></li>`,
  ).join('');
  return `<footer class="site-footer"><nav aria-label="${esc(languagePack(current).trackingPage.languages)}"><ul class="languages">${links}</ul></nav></footer>`;
}

function section(id: string, heading: string, body: string): string {
  return `<section class="${id}" aria-labelledby="${id}-heading"><h2 id="${id}-heading">${esc(heading)}</h2>${body}</section>`;
}

function shipment(s: ShipmentView, i: number, w: TrackingView['words']): string {
  const id = `shipment-${i + 1}`;
  const rows = [
    [w.statusLabel, `<span class="status status-${s.status}">${esc(s.statusLabel)}</span>`],
    ...(s.estimatedDelivery ? [[w.estimatedDelivery, `<time datetime="${s.estimatedDelivery.day}">${esc(s.estimatedDelivery.text)}</time>`]] : []),
    [w.trackingNumber, `<span class="tracking-number">${esc(s.trackingNumber)}</span>`],
    [w.items, esc(s.items.join(', '))],
  ];
  const events = s.events.length === 0
    ? `<p class="no-events">${esc(w.noEvents)}</p>`
    : `<ol class="timeline">${s.events.map((e) => `<li class="event status-${e.status}"><time datetime="${e.at}">${esc(e.when)}</time> <strong>${esc(e.label)}</strong>${
        e.description || e.location ? `<span class="event-detail">${esc([e.description, e.location].filter(Boolean).join(', '))}</span>` : ''
      }</li>`).join('')}</ol>`;
  return `<article class="shipment" aria-labelledby="${id}-heading">
    <h3 id="${id}-heading">${esc(s.heading)}</h3>
    <dl>${rows.map(([dt, dd]) => `<div><dt>${esc(dt)}</dt><dd>${dd}</dd></div>`).join('')}</dl>
    ${s.trackingUrl ? `<p><a class="carrier-link" href="${esc(s.trackingUrl)}" rel="noopener noreferrer">${esc(w.carrierSite({ carrier: s.carrier }))}</a></p>` : ''}
    <h4>${esc(w.timelineHeading)}</h4>
    ${events}
  </article>`;
}

// ------------------------------------------------------------------ brand colours

/**
 * The shop's colour as CSS variables, with the text colours that read on it: white or
 * near-black on the colour (whichever contrasts more), and the colour itself darkened until
 * it reaches WCAG AA (4.5:1) as text on white, so any SHOP_PRIMARY_COLOR stays readable.
 */
export function brandStyle(color: string): string {
  const onAccent = contrast(color, '#ffffff') >= contrast(color, INK) ? '#ffffff' : INK;
  return `--accent: ${color}; --on-accent: ${onAccent}; --accent-text: ${readableOnWhite(color)}`;
}

const INK = '#1a1f1c';

export function readableOnWhite(color: string): string {
  let rgb = channels(color);
  for (let i = 0; i < 40 && contrast(hex(rgb), '#ffffff') < 4.5; i++) rgb = rgb.map((c) => Math.floor(c * 0.9)) as [number, number, number];
  return hex(rgb);
}

/** WCAG 2 contrast ratio of two `#rrggbb` colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function luminance(color: string): number {
  const [r, g, b] = channels(color).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function channels(color: string): [number, number, number] {
  const n = Number.parseInt(color.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function hex(rgb: [number, number, number]): string {
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** Escapes text for HTML content and attribute values. */
function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
