import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Request, Response } from 'express';

/** Where Web Chat's standalone bundle lives (the package's exports hide dist/). */
export function webChatBundlePath(): string {
  return path.join(path.dirname(require.resolve('botframework-webchat')), '..', 'dist', 'webchat.js');
}

export const publicDir = path.join(__dirname, 'public');

interface Asset {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
  contentType: string;
}

/**
 * A file served from memory, gzipped once (Web Chat's bundle is ~4 MB, ~1 MB gzipped),
 * with an ETag so browsers revalidate cheaply.
 */
export class StaticAsset {
  private loading?: Promise<Asset>;

  constructor(private readonly file: string, private readonly contentType: string, private readonly maxAgeSeconds: number) {}

  async send(req: Request, res: Response): Promise<void> {
    const asset = await (this.loading ??= this.load().catch((err) => {
      this.loading = undefined;
      throw err;
    }));
    res.setHeader('Content-Type', asset.contentType);
    res.setHeader('Cache-Control', `public, max-age=${this.maxAgeSeconds}`);
    res.setHeader('ETag', asset.etag);
    res.setHeader('Vary', 'Accept-Encoding');
    if (req.headers['if-none-match'] === asset.etag) {
      res.status(304).end();
      return;
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (gzip) res.setHeader('Content-Encoding', 'gzip');
    res.send(gzip ? asset.gzipped : asset.body);
  }

  private async load(): Promise<Asset> {
    const body = await fs.promises.readFile(this.file);
    const gzipped = await new Promise<Buffer>((resolve, reject) => zlib.gzip(body, { level: 6 }, (err, out) => (err ? reject(err) : resolve(out))));
    const etag = `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    return { body, gzipped, etag, contentType: this.contentType };
  }
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** JSON safe to place inside a script (no `</script>`, no line separators). */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
