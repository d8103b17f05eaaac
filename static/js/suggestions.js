/* The reading page's suggestions panel (templates/articles/read.html, suggestion-panel):
 * what only the browser can do. It underlines the suggested sentences and the findings'
 * spans in the text without touching the text's markup (the CSS Custom Highlight API, so
 * reader.js keeps sole charge of the claim marks), and gives the list two keys: c makes a
 * claim of the focused suggestion, x dismisses it (reader.js uses neither). The buttons
 * work without this file.
 */
(function () {
  "use strict";

  const textRoot = document.getElementById("article-text");
  if (!textRoot) return;
  const canHighlight = typeof Highlight === "function" && window.CSS && CSS.highlights;

  /** A DOM position for a code-point offset into the revision's text, inside the
   * paragraph that holds it (paragraphs carry their code-point bounds, reading.py). */
  function position(offset) {
    for (const paragraph of textRoot.querySelectorAll(".paragraph[data-start][data-end]")) {
      const start = Number(paragraph.dataset.start);
      const end = Number(paragraph.dataset.end);
      if (offset < start || offset > end) continue;
      let left = offset - start;
      const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
      let last = null;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        last = node;
        let unit = 0;
        while (unit < node.data.length && left > 0) {
          const code = node.data.charCodeAt(unit);
          unit += code >= 0xd800 && code <= 0xdbff ? 2 : 1;
          left -= 1;
        }
        if (left === 0 && unit < node.data.length) return { node, offset: unit };
      }
      if (last && left === 0) return { node: last, offset: last.data.length };
    }
    return null;
  }

  function range(start, end) {
    const from = position(start);
    const to = position(end);
    if (!from || !to) return null;
    const found = new Range();
    found.setStart(from.node, from.offset);
    found.setEnd(to.node, to.offset);
    return found;
  }

  /** Redraw both highlights from the panel's rows; reader.js rebuilds paragraphs when
   * claims change, which empties the old ranges, so this runs after every swap. */
  function drawHighlights() {
    if (!canHighlight) return;
    const suggested = new Highlight();
    const noted = new Highlight();
    const panel = document.getElementById("suggestion-panel");
    for (const row of panel ? panel.querySelectorAll("li.suggestion[data-start]") : []) {
      const found = range(Number(row.dataset.start), Number(row.dataset.end));
      if (found) suggested.add(found);
    }
    for (const row of panel ? panel.querySelectorAll("li.finding[data-spans]") : []) {
      for (const span of row.dataset.spans.split(" ")) {
        const [start, end] = span.split("-").map(Number);
        const found = range(start, end);
        if (found) noted.add(found);
      }
    }
    CSS.highlights.set("fc-suggestion", suggested);
    CSS.highlights.set("fc-finding", noted);
  }

  // After a row is acted on, focus goes to the next one, so c or x can be pressed again.
  let nextFocus = null;

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key !== "c" && event.key !== "x") return;
    const row = event.target.closest && event.target.closest("#suggestion-panel li.suggestion");
    if (!row || event.target.matches("input, textarea, select")) return;
    const button = row.querySelector(`[data-suggestion-action="${event.key === "c" ? "accept" : "dismiss"}"]`);
    if (!button) return;
    event.preventDefault();
    const after = row.nextElementSibling || row.previousElementSibling;
    nextFocus = after && after.matches("li.suggestion") ? after.id : null;
    button.click();
  });

  document.body.addEventListener("htmx:afterSettle", () => {
    drawHighlights();
    if (nextFocus) {
      const row = document.getElementById(nextFocus);
      nextFocus = null;
      if (row) row.focus({ preventScroll: false });
    }
  });
  // A claim made anywhere redraws its paragraphs (reader.js): draw the underlines again.
  document.body.addEventListener("claim-created", () => setTimeout(drawHighlights, 0));
  drawHighlights();
})();
