import fs from 'node:fs';
import path from 'node:path';
import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import { parseBody } from '../../src/http/errors';
import { escapeHtml, jsonForScript, publicDir, StaticAsset, webChatBundlePath } from './assets';
import { directLineErrorHandler } from './errors';
import type { TokenIssuer } from './token-issuer';
import { newUserId } from './tokens';

export interface PageDeps {
  issuer: TokenIssuer;
  shopName: string;
  accentColor: string;
}

const tokenRequestSchema = z.object({ userToken: z.string().min(1).max(8192).optional() }).optional();

/**
 * The demo shop page at `/`, the full-page chat used inside the embed's iframe, the
 * embeddable snippet and the same-origin token endpoint. Every script is a served file
 * (the CSP allows `script-src 'self'` only); the secret never reaches the browser.
 */
export function pageRouter(deps: PageDeps): Router {
  const router = express.Router();
  const webChat = new StaticAsset(webChatBundlePath(), 'application/javascript; charset=utf-8', 86_400);
  const chatJs = new StaticAsset(path.join(publicDir, 'chat.js'), 'application/javascript; charset=utf-8', 300);
  const shopCss = new StaticAsset(path.join(publicDir, 'shop.css'), 'text/css; charset=utf-8', 300);
  const embedTemplate = fs.readFileSync(path.join(publicDir, 'embed.js'), 'utf8');
  const embedConfig = { shopName: deps.shopName, accentColor: deps.accentColor };
  const embedJs = embedTemplate.replace('__WISMO_CONFIG__', jsonForScript(embedConfig));

  router.get('/', (_req, res) => {
    sendHtml(res, shopPage(deps));
  });

  router.get('/webchat/frame', (_req, res) => {
    // The chat inside the embed's iframe, on any merchant site: it may be framed by any page.
    // (It holds no cookies; a framing page only sees a chat it started itself.)
    const csp = String(res.getHeader('Content-Security-Policy') ?? '');
    res.setHeader('Content-Security-Policy', csp.replace(/frame-ancestors [^;]*/, 'frame-ancestors *'));
    res.removeHeader('X-Frame-Options');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    sendHtml(res, framePage(deps));
  });

  router.get('/webchat/webchat.js', (req, res) => webChat.send(req, res));
  router.get('/webchat/chat.js', (req, res) => chatJs.send(req, res));
  router.get('/webchat/shop.css', (req, res) => shopCss.send(req, res));
  router.get('/webchat/embed.js', (_req, res) => {
    // Loaded by a <script> tag on the merchant's pages (another origin).
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Content-Type', 'application/javascript; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.send(embedJs);
  });

  router.post('/webchat/token', express.json({ limit: '16kb' }), (req, res) => {
    const body = parseBody(tokenRequestSchema, req.body);
    // Always a server-chosen dl_ user id: Web Chat reads it from the token, and nobody can post as another user.
    const userId = newUserId();
    const issued = deps.issuer.issue({ userId, userToken: body?.userToken });
    res.setHeader('Cache-Control', 'no-store');
    res.json({ ...issued, userId, domain: '/v3/directline' });
  });
  router.use('/webchat/token', directLineErrorHandler);

  return router;
}

function sendHtml(res: Response, html: string): void {
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache');
  res.send(html);
}

function chatMount(deps: PageDeps, mode: 'page' | 'frame'): string {
  return `<div id="webchat" class="webchat" data-mode="${mode}" data-shop-name="${escapeHtml(deps.shopName)}" data-accent="${escapeHtml(deps.accentColor)}" data-token-url="/webchat/token" data-domain="/v3/directline"><p class="webchat-loading">Connecting…</p></div>`;
}

function head(deps: PageDeps, title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="/webchat/shop.css">
<script src="/webchat/webchat.js" defer></script>
<script src="/webchat/chat.js" defer></script>
</head>`;
}

function shopPage(deps: PageDeps): string {
  const name = escapeHtml(deps.shopName);
  const products = [
    ['Red tee', 'Soft organic cotton', '$24'],
    ['Canvas tote', 'Carries everything', '$18'],
    ['Wool beanie', 'Warm, never itchy', '$29'],
  ]
    .map(([title, blurb, price]) => `<article class="product"><div class="product-art" aria-hidden="true"></div><h3>${title}</h3><p>${blurb}</p><span class="price">${price}</span></article>`)
    .join('\n        ');
  return `${head(deps, deps.shopName)}
<body style="--accent: ${escapeHtml(deps.accentColor)}">
  <header class="site-header">
    <a class="brand" href="/">${name}</a>
    <nav><a href="/">Shop</a><a href="/">New in</a><a href="/">Help</a></nav>
  </header>
  <main class="layout">
    <section class="hero-column">
      <div class="hero">
        <h1>Everyday goods, delivered.</h1>
        <p>Wondering where your order is? Ask our assistant: it can check your shipment, tracking and delivery date once it has verified your order.</p>
        <p class="hint">Try: <q>Where is my order 1001?</q></p>
      </div>
      <div class="products">
        ${products}
      </div>
    </section>
    <aside class="chat-panel" aria-label="Order help chat">
      <div class="chat-header"><span class="chat-title">${name} help</span><span class="chat-subtitle">Order status, shipping and returns</span></div>
      ${chatMount(deps, 'page')}
    </aside>
  </main>
  <footer class="site-footer">${name} · support by wismo-bot</footer>
</body>
</html>
`;
}

function framePage(deps: PageDeps): string {
  const name = escapeHtml(deps.shopName);
  return `${head(deps, `${deps.shopName} help`)}
<body class="frame" style="--accent: ${escapeHtml(deps.accentColor)}">
  <div class="chat-header"><span class="chat-title">${name} help</span><button type="button" class="chat-close" id="chat-close" aria-label="Close chat">×</button></div>
  ${chatMount(deps, 'frame')}
</body>
</html>
`;
}
