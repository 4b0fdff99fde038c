import path from 'node:path';
import express, { Router } from 'express';

/** Where the dashboard's static files live (plain HTML/CSS/JS: no build step, no CDN). */
export const insightsAssets = path.resolve(__dirname, '..', '..', 'insights', 'web');

/** Chart.js's standalone (UMD) build, served from node_modules (the package's exports hide dist/). */
export function chartJsBundlePath(): string {
  return path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');
}

/**
 * The insights dashboard at /insights/, for admins and agents. Like the inbox, the page itself
 * is public: it shows the inbox's login form until the API accepts the session cookie, and
 * every figure comes from `GET /api/v1/insights` (authenticated there).
 */
export function insightsPageRouter(): Router {
  const router = Router();
  const chartJs = chartJsBundlePath();
  // Relative links in the page need the trailing slash.
  router.get('/insights', (req, res, next) => {
    const q = req.originalUrl.indexOf('?');
    if ((q < 0 ? req.originalUrl : req.originalUrl.slice(0, q)) !== '/insights') return next();
    // The filters in the query string are kept (a bookmarked view).
    res.redirect(301, q < 0 ? '/insights/' : `/insights/${req.originalUrl.slice(q)}`);
  });
  router.use('/insights', (_req, res, next) => {
    // Nothing of the dashboard is cached by shared caches; the API behind it is authenticated.
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Frame-Options', 'DENY');
    next();
  });
  router.get('/insights/vendor/chart.umd.min.js', (_req, res, next) => {
    res.sendFile(chartJs, { cacheControl: false, headers: { 'Content-Type': 'text/javascript; charset=utf-8' } }, (err) => (err ? next(err) : undefined));
  });
  router.use('/insights', express.static(insightsAssets, { index: 'index.html', redirect: false, fallthrough: true }));
  return router;
}
