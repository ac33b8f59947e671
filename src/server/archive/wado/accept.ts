/**
 * Accept header negotiation for WADO-RS (PS3.18 8.7.5 and 8.7.3; RFC 9110 12.5.1): media ranges
 * with `type` and `transfer-syntax` parameters, q-values and wildcards. Pure.
 */

/** Whether the payload is a multipart/related body or a single representation. */
export type Packaging = 'multipart' | 'single';

/** One representation the server can produce for the resource. */
export interface Offer {
  /** Media type of the payload, or of each part when multipart (e.g. image/jpeg). */
  mediaType: string;
  /** Transfer syntax of the payload; undefined for payloads without one (metadata, plain bulk values). */
  transferSyntax?: string;
  /**
   * Chosen when the client names no transfer syntax: the resource's default (PS3.18 Tables
   * 8.7.3-2 to 8.7.3-5), or the stored form when the server holds nothing else (PS3.18 8.7.3.3).
   */
  isDefault: boolean;
}

export interface Selection {
  offer: Offer;
  packaging: Packaging;
}

/** One media range of the Accept header, reduced to what it asks for. */
interface Criteria {
  /** undefined: any packaging (the full wildcard range). */
  packaging: Packaging | undefined;
  /** An exact type, a subtype wildcard (image/*) or the full wildcard. */
  media: string;
  /** undefined: none named (the default applies); `*`: any. */
  transferSyntax: string | undefined;
  q: number;
  /** How precisely the range names a representation; the most precise match sets the q-value. */
  specificity: number;
}

const OCTET_STREAM = 'application/octet-stream';

/**
 * The preferred acceptable representation, or undefined when none is acceptable (→ 406).
 * `offers` and `packagings` are in the server's order of preference; the first packaging is what
 * the full wildcard range (or no Accept header) gets.
 */
export function selectRepresentation(
  accept: string | undefined,
  offers: Offer[],
  packagings: Packaging[],
): Selection | undefined {
  const ranges = parseAccept(accept);
  let best: { selection: Selection; q: number } | undefined;
  for (const offer of offers) {
    for (const packaging of packagings) {
      const q = quality(ranges, offer, packaging);
      if (q > 0 && (best === undefined || q > best.q)) best = { selection: { offer, packaging }, q };
    }
  }
  return best?.selection;
}

/** Describes what the resource offers, for a 406 message. */
export function describeOffers(offers: Offer[], packagings: Packaging[]): string {
  return offers
    .flatMap((offer) =>
      packagings.map((packaging) => {
        const ts = offer.transferSyntax === undefined ? '' : `; transfer-syntax=${offer.transferSyntax}`;
        return packaging === 'multipart'
          ? `multipart/related; type="${offer.mediaType}"${ts}`
          : `${offer.mediaType}${ts}`;
      }),
    )
    .join(', ');
}

function quality(ranges: Criteria[], offer: Offer, packaging: Packaging): number {
  let match: Criteria | undefined;
  for (const range of ranges) {
    if (!matches(range, offer, packaging)) continue;
    if (
      match === undefined ||
      range.specificity > match.specificity ||
      (range.specificity === match.specificity && range.q > match.q)
    ) {
      match = range;
    }
  }
  return match?.q ?? 0;
}

function matches(range: Criteria, offer: Offer, packaging: Packaging): boolean {
  if (range.packaging !== undefined && range.packaging !== packaging) return false;
  const ts = range.transferSyntax;
  const tsMatches = ts === undefined ? offer.isDefault : ts === '*' || ts === offer.transferSyntax;
  if (!tsMatches) return false;
  if (range.media === '*/*' || range.media === offer.mediaType) return true;
  if (range.media.endsWith('/*')) return offer.mediaType.startsWith(range.media.slice(0, -1));
  // Clients (Cornerstone's WADO-RS loader among them) ask for `application/octet-stream` with a
  // transfer syntax to mean "pixel data in that syntax", compressed ones included.
  return range.media === OCTET_STREAM && ts !== undefined && offer.transferSyntax !== undefined;
}

/** Parses an Accept header into criteria; no header (or an empty one) accepts anything. */
function parseAccept(header: string | undefined): Criteria[] {
  if (header === undefined || header.trim() === '') return [criteria('*/*', {}, 1)];
  const ranges: Criteria[] = [];
  for (const item of splitOutside(header, ',')) {
    const [rawType, ...rawParams] = splitOutside(item, ';');
    const type = rawType?.trim().toLowerCase() ?? '';
    if (!/^[a-z0-9!#$&^_.+*-]+\/[a-z0-9!#$&^_.+*-]+$/.test(type)) continue;
    const params = parseParams(rawParams);
    const q = params.q === undefined ? 1 : Number(params.q);
    if (!Number.isFinite(q) || q < 0 || q > 1) continue;
    ranges.push(criteria(type, params, q));
  }
  return ranges;
}

function criteria(type: string, params: Record<string, string>, q: number): Criteria {
  let packaging: Packaging | undefined = type === '*/*' ? undefined : 'single';
  let media = type;
  let transferSyntax = params['transfer-syntax'];
  if (type === 'multipart/related' || type === 'multipart/*') {
    packaging = 'multipart';
    // Some clients put the part's parameters inside `type`: type="application/octet-stream; transfer-syntax=*".
    const [innerType, ...innerParams] = splitOutside(params.type ?? '*/*', ';');
    media = innerType?.trim().toLowerCase() || '*/*';
    transferSyntax ??= parseParams(innerParams)['transfer-syntax'];
  }
  const mediaScore = media === '*/*' ? 0 : media.endsWith('/*') ? 1 : 2;
  const tsScore = transferSyntax === undefined ? 0 : transferSyntax === '*' ? 1 : 2;
  return { packaging, media, transferSyntax, q, specificity: (packaging === undefined ? 0 : 1) + mediaScore + tsScore };
}

function parseParams(raw: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const param of raw) {
    const eq = param.indexOf('=');
    if (eq <= 0) continue;
    const name = param.slice(0, eq).trim().toLowerCase();
    const value = param.slice(eq + 1).trim();
    params[name] =
      value.startsWith('"') && value.endsWith('"') && value.length >= 2
        ? value.slice(1, -1).replace(/\\(.)/g, '$1')
        : value;
  }
  return params;
}

/** Splits on `separator` outside double-quoted strings. */
function splitOutside(value: string, separator: ',' | ';'): string[] {
  const parts: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\' && quoted) i++;
    else if (c === '"') quoted = !quoted;
    else if (c === separator && !quoted) {
      parts.push(value.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(value.slice(start));
  return parts;
}
