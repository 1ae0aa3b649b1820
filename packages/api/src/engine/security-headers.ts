import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The admin app's Content-Security-Policy: everything from the API's own address. Element Plus and
 * ECharts set inline styles (style-src 'unsafe-inline'; no inline script is allowed), images and
 * fonts may be data: or blob: URLs (ECharts' "save as image", Element Plus' icons). No
 * `upgrade-insecure-requests`: a development or trial server on plain http must keep working.
 * `/graphiql` sets its own, stricter policy over this one (graphiql-page.ts).
 */
export const ADMIN_APP_CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  upgradeInsecureRequests: null,
};

/** helmet's headers on every response (HSTS only counts over https, where browsers honour it). */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: { useDefaults: false, directives: ADMIN_APP_CSP_DIRECTIVES },
    // the admin app and the API share an origin; partners call from servers
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
  });
}
