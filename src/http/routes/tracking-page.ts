import fs from 'node:fs';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { LANGUAGES, type Lang } from '../../vocabulary';
import { renderNotFoundPage, renderTrackingPage, TRACKING_PAGE_CSS, type Brand, type TrackingPages } from '../../tracking-page';

export interface TrackingPageRouteDeps {
  pages: TrackingPages;
  brand: Brand;
  /** A Direct Line token for a new web chat conversation already verified for the order (the web chat channel). */
  chat: (orderId: string) => Record<string, unknown>;
}

/**
 * The tracking page `GET /track/{token}` (src/tracking-page), its stylesheet, and
 * `POST /track/{token}/chat`, the token of the page's chat, which starts verified for the
 * order: holding the link is the verification (contract §6). A malformed, tampered,
 * expired or unknown token gets one 404 page that tells nothing of which.
 *
 * No rate limit: no route of this kind has one, and nothing is to be gained by guessing. A
 * token is an AES-GCM ciphertext: a made-up one fails its 128-bit tag after one decryption,
 * before any database read, which is cheaper than counting the failure would be.
 */
export function trackingPageRouter(deps: TrackingPageRouteDeps): Router {
  const router = express.Router();
  const css = fs.readFileSync(TRACKING_PAGE_CSS);

  router.get('/track/page.css', (_req, res) => {
    res.setHeader('Content-Type', 'text/css; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.send(css);
  });

  router.get('/track/:token', privatePage, async (req, res) => {
    const token = String(req.params.token);
    const opened = await deps.pages.open(token);
    if (!opened) return notFound(req, res, deps.brand);
    const lang = queryLanguage(req) ?? opened.lang;
    const html = renderTrackingPage(deps.pages.view(opened.order, lang), deps.brand, { tokenUrl: `/track/${encodeURIComponent(token)}/chat` });
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.send(html);
  });

  router.post('/track/:token/chat', privatePage, async (req, res) => {
    const opened = await deps.pages.open(String(req.params.token));
    if (!opened) {
      res.status(404).json({ error: 'not_found', message: 'unknown tracking link' });
      return;
    }
    res.json(deps.chat(opened.order.id));
  });

  return router;
}

/** The page is about one shopper's order: never cached by anyone, never indexed, never sent on as a referrer. */
const privatePage: RequestHandler = (_req, res, next) => {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
};

function notFound(req: Request, res: Response, brand: Brand): void {
  // The link's own language is unknown here: the one asked for, else the browser's.
  const lang = queryLanguage(req) ?? ((req.acceptsLanguages(...LANGUAGES) || 'en') as Lang);
  res.status(404);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.send(renderNotFoundPage(lang, brand));
}

/** `?lang=de`: the page's language menu. */
function queryLanguage(req: Request): Lang | undefined {
  const asked = req.query.lang;
  return typeof asked === 'string' && (LANGUAGES as readonly string[]).includes(asked) ? (asked as Lang) : undefined;
}
