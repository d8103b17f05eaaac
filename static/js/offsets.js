/* Code points, quotes and claim coverage for the reading page (no DOM in here).
 *
 * The server counts offsets in Unicode code points (Python str indices); JavaScript strings
 * count UTF-16 code units. Everything reader.js sends goes through these helpers, and
 * `coverage` mirrors factcheck/articles/reading.py so highlights drawn here look exactly like
 * the ones the server renders. Loaded as a classic script before reader.js; also required
 * by tests/js/offsets.test.js under Node.
 */
(function (root) {
  "use strict";

  const QUOTE_CONTEXT = 32; // code points of prefix and suffix, as the server expects

  function isHigh(unit) {
    return unit >= 0xd800 && unit <= 0xdbff;
  }

  function isLow(unit) {
    return unit >= 0xdc00 && unit <= 0xdfff;
  }

  /** Code points in str. */
  function cpLength(str) {
    let count = 0;
    for (let i = 0; i < str.length; i++) {
      if (!(isLow(str.charCodeAt(i)) && i > 0 && isHigh(str.charCodeAt(i - 1)))) count++;
    }
    return count;
  }

  /** Snap a UTF-16 index that falls between the halves of a surrogate pair: "start" moves
   * it back before the pair, "end" forward after it. */
  function snapUnit(str, unit, side) {
    if (unit > 0 && unit < str.length && isHigh(str.charCodeAt(unit - 1)) && isLow(str.charCodeAt(unit))) {
      return side === "start" ? unit - 1 : unit + 1;
    }
    return unit;
  }

  /** Code points in str before UTF-16 index unit (snapped to whole characters). */
  function unitToCp(str, unit, side) {
    return cpLength(str.slice(0, snapUnit(str, unit, side || "start")));
  }

  /** UTF-16 index of code point offset cp in str (str.length when past the end). */
  function cpToUnit(str, cp) {
    let unit = 0;
    for (let seen = 0; seen < cp && unit < str.length; seen++) {
      unit += isHigh(str.charCodeAt(unit)) && isLow(str.charCodeAt(unit + 1)) ? 2 : 1;
    }
    return unit;
  }

  /** str[a:b] in code points, as Python slices it. */
  function cpSlice(str, a, b) {
    const from = cpToUnit(str, a);
    return str.slice(from, from + cpToUnit(str.slice(from), b - a));
  }

  /** Grapheme cluster boundaries of str as code point offsets, 0 and the length included. */
  function graphemeBoundaries(str, locale) {
    const bounds = [0];
    if (typeof Intl === "undefined" || !Intl.Segmenter) {
      for (let cp = 1; cp <= cpLength(str); cp++) bounds.push(cp);
      return bounds;
    }
    const segmenter = new Intl.Segmenter(locale || undefined, { granularity: "grapheme" });
    let cp = 0;
    for (const { segment } of segmenter.segment(str)) {
      cp += cpLength(segment);
      bounds.push(cp);
    }
    return bounds;
  }

  /** Widen [start, end) (code points into str) to whole grapheme clusters, so a selection
   * never splits an emoji sequence or a Khmer stack (the server would refuse it). */
  function snapToGraphemes(str, start, end, locale) {
    const bounds = graphemeBoundaries(str, locale);
    let low = 0;
    let high = bounds[bounds.length - 1];
    for (const b of bounds) {
      if (b <= start) low = b;
      if (b >= end) {
        high = b;
        break;
      }
    }
    return [low, high];
  }

  // Whitespace to trim from a quote's ends, but not a space that carries a combining mark
  // (" \u0301" is one visible cluster and must stay whole).
  const LEADING_SPACE = /^(?:\s(?![\p{M}\u200d]))+/u;
  const TRAILING_SPACE = /\s+$/u;

  /** How many code points of whitespace str starts and ends with. */
  function whitespaceEnds(str) {
    const lead = str.match(LEADING_SPACE);
    const leading = lead ? cpLength(lead[0]) : 0;
    if (leading === cpLength(str)) return [leading, 0];
    const trail = str.match(TRAILING_SPACE);
    return [leading, trail ? cpLength(trail[0]) : 0];
  }

  /** prefix and suffix: up to 32 code points around [start, end) inside str. */
  function context(str, start, end) {
    const total = cpLength(str);
    return {
      prefix: cpSlice(str, Math.max(0, start - QUOTE_CONTEXT), start),
      suffix: cpSlice(str, end, Math.min(total, end + QUOTE_CONTEXT)),
    };
  }

  function claimOrder(a, b) {
    return a.start - b.start || b.end - a.end || a.id - b.id;
  }

  /** Where the set of covering claims changes inside a paragraph [start, end), as
   * reading.py's _coverage: {points, states}, states[i] the claims (outer first) covering
   * the text from points[i] on. claims: [{id, start, end, status}] overlapping the paragraph. */
  function coverage(start, end, claims) {
    const ordered = claims.filter((c) => c.start < end && c.end > start && c.start < c.end).sort(claimOrder);
    const opening = new Map();
    const closing = new Map();
    for (const claim of ordered) {
      const low = Math.max(claim.start, start);
      const high = Math.min(claim.end, end);
      if (!opening.has(low)) opening.set(low, []);
      opening.get(low).push(claim);
      if (!closing.has(high)) closing.set(high, new Set());
      closing.get(high).add(claim.id);
    }
    const points = [...new Set([...opening.keys(), ...closing.keys()])].sort((a, b) => a - b);
    const states = [];
    let active = [];
    for (const point of points) {
      if (closing.has(point)) active = active.filter((c) => !closing.get(point).has(c.id));
      if (opening.has(point)) active = active.concat(opening.get(point));
      states.push(active);
    }
    return { points, states };
  }

  /** The runs of [low, high) under the same claims: [{start, end, claims}], for one piece
   * (a sentence or the whitespace between sentences) of a paragraph. */
  function runs(low, high, cov) {
    const { points, states } = cov;
    let at = -1;
    while (at + 1 < points.length && points[at + 1] <= low) at++;
    let claims = at >= 0 ? states[at] : [];
    const out = [];
    for (at += 1; at < points.length && points[at] < high; at++) {
      if (points[at] > low) {
        out.push({ start: low, end: points[at], claims });
        low = points[at];
      }
      claims = states[at];
    }
    out.push({ start: low, end: high, claims });
    return out;
  }

  const api = {
    QUOTE_CONTEXT,
    cpLength,
    cpSlice,
    cpToUnit,
    unitToCp,
    snapUnit,
    graphemeBoundaries,
    snapToGraphemes,
    whitespaceEnds,
    context,
    claimOrder,
    coverage,
    runs,
  };
  root.FactcheckOffsets = api;
  if (typeof module !== "undefined" && module.exports) module.exports = api;
})(typeof globalThis !== "undefined" ? globalThis : this);
