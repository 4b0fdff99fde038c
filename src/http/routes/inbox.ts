import path from 'node:path';
import express, { Router } from 'express';

/** Where the inbox's static files live (plain HTML/CSS/JS: no build step, no CDN). */
export const inboxAssets = path.resolve(__dirname, '..', '..', 'handoff', 'inbox');

/**
 * The agent inbox at /inbox. The page itself is public (it only shows a login form
 * until the API accepts the session cookie); everything it shows comes from the case API.
 */
export function inboxRouter(): Router {
  const router = Router();
  // Relative links in the page need the trailing slash.
  router.get('/inbox', (req, res, next) => (req.originalUrl.split('?')[0] === '/inbox' ? res.redirect(301, '/inbox/') : next()));
  router.use('/inbox', (_req, res, next) => {
    // Nothing of the inbox is cached by shared caches; the API behind it is authenticated.
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });
  router.use('/inbox', express.static(inboxAssets, { index: 'index.html', redirect: false, fallthrough: true }));
  return router;
}
