/* The reading page's workbench: mark claims from a selection or a sentence, draw claim
 * highlights, move between claims with the keyboard, and show other reviewers' changes.
 *
 * Runs under the page's CSP: no eval, no inline handlers, no style attributes (positions
 * go through CSS custom properties set with the CSSOM, which style-src does not govern).
 * Depends on offsets.js (loaded first) and htmx. The markup it reads and writes is
 * described in factcheck/articles/reading.py and templates/articles/read.html.
 */
(function (script) {
  "use strict";

  // offsets.js should come first (<script src=".../offsets.js" defer> before this one);
  // when the page loads only this file, fetch the helpers from beside it.
  if (!window.FactcheckOffsets) {
    if (!script || !document.querySelector("article.reader[data-article]")) return;
    const helpers = document.createElement("script");
    helpers.src = new URL("offsets.js", script.src).href;
    helpers.addEventListener("load", () => start(window.FactcheckOffsets));
    document.head.append(helpers);
  } else {
    start(window.FactcheckOffsets);
  }

  function start(O) {
    const reader = document.querySelector("article.reader[data-article]");
    const textRoot = document.getElementById("article-text");
    if (!O || !reader || !textRoot) return;

    const POLL_MS = 5000;
    const HIDE_DELAY_MS = 400;
    const locale = reader.getAttribute("lang") || undefined;
    const claims = new Map(); // id -> {id, start, end, status}: every claim drawn on the page
    let currentId = null; // the claim j/k/Enter act on
    let pending = null; // the quote of the current selection, ready to send
    let sending = false;

    // ---------------------------------------------------------------- small helpers

    function csrfToken() {
      try {
        return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
      } catch (error) {
        return "";
      }
    }

    function paragraphs() {
      return Array.from(textRoot.querySelectorAll(".paragraph[data-start][data-end]"));
    }

    function bounds(element) {
      return { start: Number(element.dataset.start), end: Number(element.dataset.end) };
    }

    function paragraphOf(node) {
      const element = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
      const paragraph = element && element.closest(".paragraph");
      return paragraph && textRoot.contains(paragraph) ? paragraph : null;
    }

    function isTyping(target) {
      if (!(target instanceof Element)) return false;
      if (target.isContentEditable || target.closest("textarea, select")) return true;
      const input = target.closest("input");
      return Boolean(input) && !["radio", "checkbox", "button", "submit", "reset"].includes(input.type);
    }

    function dispatchTriggers(header) {
      // The response's HX-Trigger, announced as htmx would for its own requests.
      if (!header) return;
      if (header.trim().startsWith("{")) {
        let triggers = {};
        try {
          triggers = JSON.parse(header);
        } catch (error) {
          return;
        }
        for (const [name, detail] of Object.entries(triggers)) {
          const value = detail && typeof detail === "object" ? detail : { value: detail };
          document.body.dispatchEvent(new CustomEvent(name, { bubbles: true, detail: value }));
        }
      } else {
        for (const name of header.split(",")) {
          document.body.dispatchEvent(new CustomEvent(name.trim(), { bubbles: true }));
        }
      }
    }

    // ---------------------------------------------------------------- selection -> quote

    /** Code points from the start of paragraph to the boundary point (node, offset). */
    function offsetInParagraph(paragraph, node, offset, side) {
      if (node.nodeType === Node.TEXT_NODE) offset = O.snapUnit(node.data, offset, side);
      const range = document.createRange();
      range.selectNodeContents(paragraph);
      range.setEnd(node, offset);
      return O.cpLength(range.toString());
    }

    /** The gap in the stored text between two paragraphs: the template gives it in
     * data-gap-after; without that, a run of newlines of the right length. */
    function gapAfter(paragraph, next) {
      if (paragraph.hasAttribute("data-gap-after")) return paragraph.getAttribute("data-gap-after");
      return "\n".repeat(Math.max(0, bounds(next).start - bounds(paragraph).end));
    }

    /** {start, end, exact, prefix, suffix} for a DOM range over the article text, trimmed of
     * surrounding whitespace and widened to whole grapheme clusters; null when it holds no
     * text of the article. */
    function quoteForRange(range) {
      if (range.collapsed) return null;
      const touched = paragraphs().filter((p) => range.intersectsNode(p));
      if (!touched.length) return null;
      let first = touched[0];
      let last = touched[touched.length - 1];
      let startCp = first.contains(range.startContainer)
        ? offsetInParagraph(first, range.startContainer, range.startOffset, "start")
        : 0;
      let endCp = last.contains(range.endContainer)
        ? offsetInParagraph(last, range.endContainer, range.endOffset, "end")
        : O.cpLength(last.textContent);
      // A selection that ends at the very start of a paragraph (triple click) or starts at
      // the very end of one holds nothing of it.
      if (touched.length > 1 && endCp === 0) {
        touched.pop();
        last = touched[touched.length - 1];
        endCp = O.cpLength(last.textContent);
      }
      if (touched.length > 1 && startCp === O.cpLength(first.textContent)) {
        touched.shift();
        first = touched[0];
        startCp = 0;
      }
      const firstText = first.textContent;
      const lastText = last.textContent;
      startCp = O.snapToGraphemes(firstText, startCp, startCp, locale)[0];
      endCp = O.snapToGraphemes(lastText, endCp, endCp, locale)[1];

      let exact;
      if (touched.length === 1) {
        exact = O.cpSlice(firstText, startCp, endCp);
      } else {
        exact = O.cpSlice(firstText, startCp, O.cpLength(firstText));
        for (let i = 1; i < touched.length; i++) {
          exact += gapAfter(touched[i - 1], touched[i]);
          exact += i === touched.length - 1 ? O.cpSlice(lastText, 0, endCp) : touched[i].textContent;
        }
      }
      const [leading, trailing] = O.whitespaceEnds(exact);
      const length = O.cpLength(exact);
      if (leading + trailing >= length) return null;
      exact = O.cpSlice(exact, leading, length - trailing);
      startCp += leading;
      endCp -= trailing;
      const start = bounds(first).start + startCp;
      const end = bounds(last).start + endCp;
      const { prefix } = O.context(firstText, startCp, startCp);
      const { suffix } = O.context(lastText, endCp, endCp);
      return { start, end, exact, prefix, suffix, crossesParagraphs: touched.length > 1 };
    }

    function quoteForSentence(sentence) {
      const paragraph = paragraphOf(sentence);
      const { start, end } = bounds(sentence);
      const inParagraph = start - bounds(paragraph).start;
      const paragraphText = paragraph.textContent;
      const exact = sentence.textContent;
      const { prefix, suffix } = O.context(paragraphText, inParagraph, inParagraph + O.cpLength(exact));
      return { start, end, exact, prefix, suffix };
    }

    function selectionQuote() {
      const selection = document.getSelection();
      if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
      const range = selection.getRangeAt(0);
      if (!textRoot.contains(range.commonAncestorContainer) && !range.intersectsNode(textRoot)) return null;
      return quoteForRange(range);
    }

    // ---------------------------------------------------------------- the floating tools

    const tools = document.createElement("div");
    tools.className = "claim-tools";
    tools.hidden = true;
    const markButton = document.createElement("button");
    markButton.type = "button";
    markButton.className = "claim-tools-mark";
    const markLabel = document.createElement("span");
    markLabel.textContent = "Mark claim";
    const markKey = document.createElement("kbd");
    markKey.textContent = "m";
    markKey.setAttribute("aria-hidden", "true"); // the shortcut, shown where it is used
    markButton.append(markLabel, " ", markKey);
    const toolsMessage = document.createElement("div");
    toolsMessage.className = "claim-tools-message";
    toolsMessage.setAttribute("role", "alert");
    toolsMessage.hidden = true;
    tools.append(markButton, toolsMessage);
    textRoot.after(tools); // right after the text in the tab order
    let toolsFor = null; // "selection" or the sentence element the tools offer to mark
    let hideTimer = null;

    /** Place the tools under the end of a client rect list (selection or sentence). */
    function placeTools(rects) {
      const rect = rects[rects.length - 1];
      if (!rect) return;
      const width = document.documentElement.clientWidth;
      const left = Math.min(Math.max(0, rect.right - 16), Math.max(0, width - 180));
      tools.style.setProperty("--tools-left", `${Math.round(left + window.scrollX)}px`);
      tools.style.setProperty("--tools-top", `${Math.round(rect.bottom + window.scrollY + 4)}px`);
    }

    function showTools(target) {
      clearTimeout(hideTimer);
      toolsFor = target;
      toolsMessage.hidden = true;
      toolsMessage.textContent = "";
      if (target === "selection") {
        markLabel.textContent = "Mark claim";
        markButton.setAttribute("aria-keyshortcuts", "M");
        const selection = document.getSelection();
        placeTools(Array.from(selection.getRangeAt(0).getClientRects()));
      } else {
        markLabel.textContent = "Mark sentence";
        markButton.setAttribute("aria-keyshortcuts", "M");
        placeTools(Array.from(target.getClientRects()));
      }
      markButton.disabled = false;
      tools.hidden = false;
    }

    function hideTools() {
      clearTimeout(hideTimer);
      tools.hidden = true;
      toolsFor = null;
    }

    function hideToolsSoon() {
      clearTimeout(hideTimer);
      hideTimer = setTimeout(() => {
        if (toolsFor !== "selection" && !tools.contains(document.activeElement) && !tools.matches(":hover")) {
          hideTools();
        }
      }, HIDE_DELAY_MS);
    }

    function showMessage(text) {
      toolsMessage.textContent = text;
      toolsMessage.hidden = false;
      tools.hidden = false;
    }

    let selectionTimer = null;
    document.addEventListener("selectionchange", () => {
      clearTimeout(selectionTimer);
      selectionTimer = setTimeout(() => {
        if (sending) return;
        pending = selectionQuote();
        if (pending) {
          showTools("selection");
        } else if (toolsFor === "selection" && !tools.contains(document.activeElement)) {
          hideTools();
        }
      }, 120);
    });

    // Keep the selection when the button is pressed.
    tools.addEventListener("mousedown", (event) => event.preventDefault());
    tools.addEventListener("mouseenter", () => clearTimeout(hideTimer));
    tools.addEventListener("mouseleave", hideToolsSoon);
    markButton.addEventListener("click", () => markFromTools());

    function markFromTools() {
      if (toolsFor === "selection") {
        const quote = selectionQuote() || pending;
        if (quote) createClaim(quote);
      } else if (toolsFor instanceof Element) {
        createClaim(quoteForSentence(toolsFor));
      }
    }

    // ---------------------------------------------------------------- sentences

    let focusSentence = null; // the one sentence in the tab order (roving tabindex)

    function sentenceList() {
      return Array.from(textRoot.querySelectorAll(".sentence[data-start]"));
    }

    function makeFocusable(sentence) {
      if (focusSentence && focusSentence !== sentence) focusSentence.removeAttribute("tabindex");
      focusSentence = sentence;
      sentence.tabIndex = 0;
    }

    function initSentences() {
      const first = textRoot.querySelector(".sentence[data-start]");
      if (first) makeFocusable(first);
      textRoot.setAttribute("aria-description", "Arrow keys move between sentences; M marks one as a claim.");
    }

    textRoot.addEventListener("mouseover", (event) => {
      const sentence = event.target.closest(".sentence");
      // Not while the mouse button is down: the reader is selecting text.
      if (!sentence || toolsFor === "selection" || sending || event.buttons !== 0) return;
      if (toolsFor !== sentence) showTools(sentence);
      clearTimeout(hideTimer);
    });
    textRoot.addEventListener("mouseleave", hideToolsSoon);

    textRoot.addEventListener("focusin", (event) => {
      const sentence = event.target.closest(".sentence");
      if (sentence) {
        makeFocusable(sentence);
        if (toolsFor !== "selection") showTools(sentence);
      }
    });
    textRoot.addEventListener("focusout", (event) => {
      if (!tools.contains(event.relatedTarget) && !textRoot.contains(event.relatedTarget)) hideToolsSoon();
    });
    tools.addEventListener("focusout", (event) => {
      if (!tools.contains(event.relatedTarget) && !textRoot.contains(event.relatedTarget)) hideToolsSoon();
    });

    textRoot.addEventListener("keydown", (event) => {
      const sentence = event.target.closest && event.target.closest(".sentence");
      if (!sentence || event.altKey || event.ctrlKey || event.metaKey) return;
      const step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
      if (!step) return;
      const all = sentenceList();
      const next = all[all.indexOf(sentence) + step];
      if (next) {
        event.preventDefault();
        makeFocusable(next);
        next.focus();
      }
    });

    // Clicking a highlight (without selecting) makes its innermost claim the current one.
    textRoot.addEventListener("click", (event) => {
      const mark = event.target.closest("mark.claim");
      const selection = document.getSelection();
      if (!mark || (selection && !selection.isCollapsed)) return;
      const ids = mark.dataset.claims.split(" ");
      const id = ids[ids.length - 1];
      setCurrent(id, { scroll: false, focusRow: true });
      openClaim(id);
    });

    // ---------------------------------------------------------------- creating claims

    async function createClaim(quote) {
      const url = reader.dataset.createUrl;
      if (!url || sending) {
        if (!url) showMessage("Marking claims is not available on this page.");
        return;
      }
      sending = true;
      markButton.disabled = true;
      const body = new URLSearchParams({
        revision: reader.dataset.revision || "",
        start: String(quote.start),
        end: String(quote.end),
        exact: quote.exact,
        prefix: quote.prefix,
        suffix: quote.suffix,
      });
      let response;
      try {
        response = await fetch(url, {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRFToken": csrfToken(), "HX-Request": "true", "HX-Current-URL": location.href },
          body,
        });
      } catch (error) {
        sending = false;
        markButton.disabled = false;
        showMessage("The claim could not be sent: the server did not answer. Try again.");
        return;
      }
      const html = await response.text();
      sending = false;
      markButton.disabled = false;
      if (response.ok) {
        document.getSelection().removeAllRanges();
        pending = null;
        hideTools();
        const panel = document.getElementById("claim-panel");
        if (panel) window.htmx.swap(panel, html, { swapStyle: "innerHTML" });
        dispatchTriggers(response.headers.get("HX-Trigger"));
        return;
      }
      showMessage(errorText(response.status, html, quote));
    }

    function errorText(status, html, quote) {
      // The server's partial is HTML; only its text is shown (it may carry data-found-*).
      const doc = new DOMParser().parseFromString(html, "text/html");
      let text = (doc.body && doc.body.textContent.trim()) || "";
      if (status === 403) text = text || "You may not mark claims in this article.";
      if (!text || text.length > 400) text = `The claim was not saved (error ${status}).`;
      if (quote.crossesParagraphs && status === 400) {
        text += " A claim that crosses paragraphs could not be matched; try marking within one paragraph.";
      }
      return text;
    }

    // ---------------------------------------------------------------- highlights

    /** Claims drawn on the page: the sidebar rows, plus any mark whose claim has no row
     * (a filtered list). */
    function seedClaims() {
      for (const row of document.querySelectorAll("#claim-sidebar [data-claim]")) {
        const claim = claimFromRow(row);
        if (claim) claims.set(claim.id, claim);
      }
      for (const paragraph of textRoot.querySelectorAll(".paragraph")) {
        if (!paragraph.querySelector("mark.claim")) continue;
        const base = bounds(paragraph).start;
        const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
        let cp = 0;
        while (walker.nextNode()) {
          const node = walker.currentNode;
          const length = O.cpLength(node.data);
          const mark = node.parentElement.closest("mark.claim");
          if (mark) {
            const ids = mark.dataset.claims.split(" ").map(Number);
            ids.forEach((id, position) => {
              const seen = claims.get(id);
              const innermost = position === ids.length - 1;
              if (!seen) {
                claims.set(id, { id, start: base + cp, end: base + cp + length, status: innermost ? mark.dataset.status : "open", fromMarks: true });
              } else if (seen.fromMarks) {
                seen.start = Math.min(seen.start, base + cp);
                seen.end = Math.max(seen.end, base + cp + length);
                if (innermost) seen.status = mark.dataset.status;
              }
            });
          }
          cp += length;
        }
      }
    }

    function rowId(row) {
      const value = row.dataset.claim;
      if (value && /^\d+$/.test(value)) return Number(value);
      const match = /^claim-row-(\d+)$/.exec(row.id || "");
      return match ? Number(match[1]) : null;
    }

    function claimFromRow(row) {
      const id = rowId(row);
      if (id === null || row.dataset.start === undefined) return null;
      return { id, start: Number(row.dataset.start), end: Number(row.dataset.end), status: row.dataset.status || "open" };
    }

    /** Redraw the marks of every paragraph that overlaps any of the ranges. */
    function redraw(ranges) {
      if (!ranges.length) return;
      for (const paragraph of paragraphs()) {
        const { start, end } = bounds(paragraph);
        if (ranges.some((r) => r.start < end && r.end > start)) drawParagraph(paragraph);
      }
      if (currentId !== null) markCurrent(currentId);
    }

    /** Rebuild one paragraph's sentences and marks from its text and the claims map, the
     * same markup reading.py renders. */
    function drawParagraph(paragraph) {
      const { start, end } = bounds(paragraph);
      const text = paragraph.textContent;
      const unitAt = unitIndex(text);
      const sentences = Array.from(paragraph.querySelectorAll(".sentence[data-start]")).map((el) => ({
        element: el.cloneNode(false),
        ...bounds(el),
      }));
      const focused = document.activeElement && paragraph.contains(document.activeElement) ? document.activeElement.id : null;
      const cov = O.coverage(start, end, Array.from(claims.values()));
      const fragment = document.createDocumentFragment();
      const slice = (a, b) => text.slice(unitAt(a - start), unitAt(b - start));
      const appendRuns = (parent, low, high) => {
        for (const run of O.runs(low, high, cov)) {
          const piece = document.createTextNode(slice(run.start, run.end));
          if (!run.claims.length) {
            parent.append(piece);
            continue;
          }
          const mark = document.createElement("mark");
          mark.className = "claim";
          mark.dataset.claims = run.claims.map((c) => c.id).join(" ");
          mark.dataset.depth = String(run.claims.length);
          mark.dataset.status = run.claims[run.claims.length - 1].status;
          mark.append(piece);
          parent.append(mark);
        }
      };
      let cursor = start;
      for (const sentence of sentences) {
        if (sentence.start > cursor) appendRuns(fragment, cursor, sentence.start);
        appendRuns(sentence.element, sentence.start, sentence.end);
        fragment.append(sentence.element);
        cursor = sentence.end;
      }
      if (end > cursor) appendRuns(fragment, cursor, end);
      paragraph.replaceChildren(fragment);
      if (focusSentence && !focusSentence.isConnected) {
        const again = focusSentence.id && document.getElementById(focusSentence.id);
        focusSentence = null;
        if (again) makeFocusable(again);
      }
      if (focused) {
        const element = document.getElementById(focused);
        if (element) element.focus({ preventScroll: true });
      }
      if (!focusSentence) initSentences();
    }

    /** cp -> UTF-16 index into text; the identity when text has no astral characters. */
    function unitIndex(text) {
      if (!/[\ud800-\udbff]/.test(text)) return (cp) => cp;
      const units = [0];
      for (let i = 0; i < text.length; ) {
        i += /[\ud800-\udbff]/.test(text[i]) && i + 1 < text.length ? 2 : 1;
        units.push(i);
      }
      return (cp) => units[Math.min(cp, units.length - 1)];
    }

    /** Apply changed claims ([{id, start, end, status, deleted}]) and redraw what they touch. */
    function applyClaims(changed) {
      const ranges = [];
      for (const item of changed || []) {
        const id = Number(item.id);
        const before = claims.get(id);
        if (before) ranges.push(before);
        if (item.deleted) {
          claims.delete(id);
        } else {
          const claim = { id, start: Number(item.start), end: Number(item.end), status: item.status || "open" };
          claims.set(id, claim);
          ranges.push(claim);
        }
      }
      redraw(ranges);
    }

    document.body.addEventListener("claim-created", (event) => {
      const detail = event.detail || {};
      if (detail.id === undefined) return;
      applyClaims([detail]);
      count([detail]);
      setCurrent(detail.id, { scroll: false, focusRow: false });
      pollSoon();
    });

    // A save or a delete from the panel: the acting user's page changes at once (status
    // colour, or the row and highlight of a deleted claim), not at the next poll. Only
    // for claims drawn here: an orphaned claim's offsets count another revision's text.
    document.body.addEventListener("claim-changed", (event) => {
      const detail = event.detail || {};
      const id = Number(detail.id);
      if (detail.id === undefined || (!claims.has(id) && !detail.deleted)) return;
      if (detail.deleted) {
        const row = rowFor(id);
        if (row) row.remove();
        if (currentId === id) currentId = null;
      }
      count([detail]);
      applyClaims([detail]);
    });

    // A new revision replaced the text on this page: its claims now count the new text's
    // offsets, so the page stops polling and offers the reload instead of marking wrong words.
    document.body.addEventListener("article-revised", (event) => {
      const live = document.getElementById("live-changes");
      if (live) live.remove();
      const alerts = document.getElementById("page-alerts");
      if (!alerts || alerts.querySelector(".article-revised")) return;
      const note = document.createElement("p");
      note.className = "article-revised";
      note.setAttribute("role", "alert");
      note.append("This article has a new revision: its text and claims changed. ");
      const link = document.createElement("a");
      link.href = (event.detail && event.detail.url) || location.pathname;
      link.textContent = "Reload the article";
      note.append(link);
      alerts.append(note);
    });

    document.body.addEventListener("claims-changed", (event) => {
      const detail = event.detail || {};
      const live = document.getElementById("live-changes");
      if (live && detail.since !== undefined && Number(detail.since) > Number(live.dataset.since || 0)) {
        live.dataset.since = String(detail.since);
      }
      count(detail.claims || []);
      applyClaims(detail.claims);
    });

    // ---------------------------------------------------------------- the count

    // "Claims N" counts every claim of the article, listed (filters hide rows, not claims)
    // or not: the page starts from the server's number and the claims it shows, and each
    // creation or deletion it hears of moves it by one.
    const counter = document.getElementById("claim-count");
    const counted = new Set();

    function seedCount() {
      for (const row of document.querySelectorAll("#claim-list [data-claim]")) {
        const id = rowId(row);
        if (id !== null) counted.add(id);
      }
      for (const id of claims.keys()) counted.add(id);
    }

    function count(changed) {
      if (!counter) return;
      let total = Number(counter.textContent) || 0;
      for (const item of changed) {
        const id = Number(item.id);
        if (item.deleted && counted.delete(id)) total -= 1;
        else if (!item.deleted && !counted.has(id)) {
          counted.add(id);
          total += 1;
        }
      }
      counter.textContent = String(Math.max(0, total));
    }

    // ---------------------------------------------------------------- the claim list

    function rows() {
      return Array.from(document.querySelectorAll("#claim-sidebar [data-claim]")).filter(
        (row) => !row.closest("[hidden]") && row.getClientRects().length > 0,
      );
    }

    function rowFor(id) {
      return document.getElementById(`claim-row-${id}`);
    }

    function marksFor(id) {
      return Array.from(textRoot.querySelectorAll("mark.claim")).filter((mark) =>
        mark.dataset.claims.split(" ").includes(String(id)),
      );
    }

    function markCurrent(id) {
      for (const mark of textRoot.querySelectorAll("mark.claim.is-current")) mark.classList.remove("is-current");
      for (const row of document.querySelectorAll("#claim-sidebar .is-current")) row.classList.remove("is-current");
      for (const mark of marksFor(id)) mark.classList.add("is-current");
      const row = rowFor(id);
      if (row) row.classList.add("is-current");
    }

    function setCurrent(id, { scroll = true, focusRow = true } = {}) {
      currentId = Number(id);
      markCurrent(currentId);
      const row = rowFor(currentId);
      if (row && focusRow) {
        const link = row.querySelector("a[href], [hx-get], button") || row;
        if (link === row && !row.hasAttribute("tabindex")) row.tabIndex = -1;
        link.focus({ preventScroll: true });
        row.scrollIntoView({ block: "nearest" });
      }
      const first = marksFor(currentId)[0];
      if (first && scroll) first.scrollIntoView({ block: "center" });
    }

    function step(direction) {
      const list = rows();
      if (!list.length) return;
      const at = list.findIndex((row) => rowId(row) === currentId);
      let next;
      if (at === -1) next = direction > 0 ? 0 : list.length - 1;
      else next = Math.min(list.length - 1, Math.max(0, at + direction));
      setCurrent(rowId(list[next]));
    }

    function openClaim(id) {
      const row = rowFor(id);
      const panel = document.getElementById("claim-panel");
      if (!row || !panel) return;
      const link = row.querySelector("[hx-get], a[href]");
      const url = link && (link.getAttribute("hx-get") || link.getAttribute("href"));
      if (!url) return;
      panelOpening = true;
      window.htmx.ajax("GET", url, { target: panel, swap: "innerHTML", source: link });
    }

    // A click on a row (its link loads the panel through htmx) also finds the claim in the text.
    document.addEventListener("click", (event) => {
      const row = event.target.closest && event.target.closest("#claim-list [data-claim]");
      if (!row) return;
      setCurrent(rowId(row), { scroll: true, focusRow: false });
      if (event.target.closest("[hx-get]")) panelOpening = true;
    });

    // An opened claim's panel comes into view and takes focus (its heading), wherever the
    // claim list had scrolled to: beside the text on a wide screen (claims.css keeps it
    // there), under the list on a narrow one. Saves that redraw the panel leave focus be.
    let panelOpening = false;
    document.body.addEventListener("htmx:afterSwap", (event) => {
      const target = event.detail && event.detail.target;
      if (!target || target.id !== "claim-panel") return;
      if (panelOpening) {
        panelOpening = false;
        showPanel(target);
      }
    });

    function showPanel(panel) {
      const heading = panel.querySelector(".claim-panel h2");
      if (!heading) return;
      heading.tabIndex = -1;
      panel.scrollTop = 0;
      // The list has just shrunk to make room (claims.css): keep the open claim's row in it.
      const row = currentId !== null && rowFor(currentId);
      const list = row && row.parentElement;
      if (list && list.scrollHeight > list.clientHeight) {
        const offset = row.getBoundingClientRect().top - list.getBoundingClientRect().top;
        list.scrollTop += offset - (list.clientHeight - row.offsetHeight) / 2;
      }
      heading.focus({ preventScroll: true });
      const box = panel.getBoundingClientRect();
      const top = heading.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight - 80 || box.top > window.innerHeight - 80) {
        heading.scrollIntoView({ block: "start" });
      }
    }

    // A refused form comes back into its own region (claims.views.refused): the first
    // field with an error takes focus, so the reason is read and the input is at hand.
    document.body.addEventListener("htmx:afterSwap", (event) => {
      const swapped = event.detail && event.detail.target;
      const status = event.detail && event.detail.xhr && event.detail.xhr.status;
      // An outerHTML swap replaced the target: find its successor by id.
      const target = swapped && (swapped.isConnected ? swapped : document.getElementById(swapped.id));
      if (!target || !(status >= 400)) return;
      const field = target.querySelector(".has-error input, .has-error textarea, .has-error select");
      const alert = target.querySelector("[role=alert], .errorlist");
      const focusable = field || (alert && alert.closest("form") && alert.closest("form").querySelector("input:not([type=hidden]), textarea"));
      if (focusable) focusable.focus();
    });

    // ---------------------------------------------------------------- which highlight is which

    // Hovering or focusing a claim in the list marks its words in the text, and hovering a
    // highlight (or focusing a sentence) marks its claims in the list: overlapping claims
    // are otherwise only deeper tints. A highlight stands for its innermost claim, the one
    // a click opens.
    let linked = [];

    function unlink() {
      for (const element of linked) element.classList.remove("is-linked");
      linked = [];
    }

    function link(ids) {
      unlink();
      for (const id of ids) {
        const row = rowFor(id);
        if (row) linked.push(row);
        linked.push(...textRoot.querySelectorAll(`mark.claim[data-claims~="${id}"]`));
      }
      for (const element of linked) element.classList.add("is-linked");
    }

    function innermost(mark) {
      const ids = mark.dataset.claims.split(" ");
      return Number(ids[ids.length - 1]);
    }

    function linkTarget(element) {
      if (!(element instanceof Element)) return null;
      const row = element.closest("#claim-list [data-claim]");
      if (row) return rowId(row) === null ? null : [rowId(row)];
      const mark = element.closest("#article-text mark.claim");
      if (mark) return [innermost(mark)];
      const sentence = element.closest("#article-text .sentence");
      if (sentence) return Array.from(new Set(Array.from(sentence.querySelectorAll("mark.claim"), innermost)));
      return null;
    }

    let hovered = null;
    document.addEventListener("mouseover", (event) => {
      const element = event.target instanceof Element ? event.target.closest("#claim-list [data-claim], #article-text mark.claim") : null;
      if (element === hovered) return;
      hovered = element;
      if (element) link(linkTarget(element) || []);
      else if (!linkTarget(document.activeElement)) unlink();
    });
    document.addEventListener("focusin", (event) => {
      const ids = linkTarget(event.target);
      if (ids) link(ids);
      else if (!hovered) unlink();
    });

    // ---------------------------------------------------------------- the review form

    function reviewForm() {
      const radio = document.querySelector("#claim-panel input[type=radio][name=rating]");
      return (radio && radio.form) || document.querySelector("#claim-panel form[data-review-form]");
    }

    function chooseRating(key) {
      const radio = document.querySelector(`#claim-panel input[type=radio][name=rating][data-key="${key}"]`);
      if (!radio) return false;
      radio.click();
      radio.focus({ preventScroll: true });
      return true;
    }

    function saveReview() {
      const form = reviewForm();
      if (!form) return false;
      form.requestSubmit();
      return true;
    }

    const panelStart = (() => {
      const panel = document.getElementById("claim-panel");
      return panel ? Array.from(panel.childNodes, (node) => node.cloneNode(true)) : [];
    })();

    function closePanel() {
      const panel = document.getElementById("claim-panel");
      if (!panel || !panel.querySelector("form, [data-claim-panel], h2, h3")) return false;
      panel.replaceChildren(...panelStart.map((node) => node.cloneNode(true)));
      window.htmx.process(panel);
      const row = currentId !== null && rowFor(currentId);
      if (row) (row.querySelector("a[href], [hx-get]") || row).focus({ preventScroll: true });
      return true;
    }

    // ---------------------------------------------------------------- keyboard help

    const KEYS = [
      ["j / k", "Next / previous claim"],
      ["Enter or o", "Open the current claim"],
      ["1 … 9", "Choose a rating in the open claim"],
      ["s or Ctrl+Enter", "Save the review"],
      ["m", "Mark the selected text (or the focused sentence) as a claim"],
      ["c", "Make a claim of the focused suggestion (suggestions list)"],
      ["x", "Dismiss the focused suggestion (suggestions list)"],
      ["← → ↑ ↓", "Move between sentences (when a sentence has focus)"],
      ["?", "Show or hide this help"],
      ["Esc", "Close this help, the mark button or the claim panel"],
    ];

    let help = null;

    function helpDialog() {
      if (help) return help;
      help = document.createElement("dialog");
      help.className = "keyboard-help";
      help.id = "keyboard-help";
      help.setAttribute("aria-labelledby", "keyboard-help-title");
      const title = document.createElement("h2");
      title.id = "keyboard-help-title";
      title.textContent = "Keyboard shortcuts";
      const list = document.createElement("dl");
      for (const [keys, what] of KEYS) {
        const dt = document.createElement("dt");
        for (const [i, key] of keys.split(" ").entries()) {
          if (["/", "or", "…"].includes(key)) {
            dt.append(` ${key} `);
          } else {
            const kbd = document.createElement("kbd");
            kbd.textContent = key;
            dt.append(kbd);
          }
          if (i === 0 && keys === "← → ↑ ↓") dt.append(" ");
        }
        const dd = document.createElement("dd");
        dd.textContent = what;
        list.append(dt, dd);
      }
      const close = document.createElement("button");
      close.type = "button";
      close.textContent = "Close";
      close.addEventListener("click", () => help.close());
      help.append(title, list, close);
      document.body.append(help);
      return help;
    }

    function toggleHelp() {
      const dialog = helpDialog();
      if (dialog.open) dialog.close();
      else dialog.showModal();
    }

    // ---------------------------------------------------------------- the keyboard

    document.addEventListener("keydown", (event) => {
      if (event.defaultPrevented || event.isComposing) return;
      const typing = isTyping(event.target);
      if (event.key === "Escape") {
        if (help && help.open) {
          event.preventDefault();
          help.close();
        } else if (!tools.hidden) {
          if (toolsFor === "selection") document.getSelection().removeAllRanges();
          hideTools();
        } else if (typing) {
          event.target.blur();
        } else if (closePanel()) {
          event.preventDefault();
        }
        return;
      }
      if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
        if (saveReview()) event.preventDefault();
        return;
      }
      if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
      if (help && help.open && event.key !== "?") return;
      const key = event.key;
      let handled = true;
      if (key === "j") step(1);
      else if (key === "k") step(-1);
      else if (key === "o" && currentId !== null) openClaim(currentId);
      else if (key === "Enter" && currentId !== null && enterOpens(event.target)) openClaim(currentId);
      else if (/^[1-9]$/.test(key)) handled = chooseRating(key);
      else if (key === "s") handled = saveReview();
      else if (key === "m") handled = markByKey();
      else if (key === "?") toggleHelp();
      else handled = false;
      if (handled) event.preventDefault();
    });

    /** Enter opens the current claim from the claim list or from nowhere in particular,
     * never from a button or link elsewhere on the page. */
    function enterOpens(target) {
      if (target === document.body || target === document.documentElement) return true;
      const row = target.closest && target.closest("#claim-sidebar [data-claim]");
      return Boolean(row) && rowId(row) === currentId;
    }

    function markByKey() {
      const quote = selectionQuote();
      if (quote) {
        createClaim(quote);
        return true;
      }
      const sentence = document.activeElement && document.activeElement.closest && document.activeElement.closest(".sentence");
      if (sentence && textRoot.contains(sentence)) {
        createClaim(quoteForSentence(sentence));
        return true;
      }
      return false;
    }

    // ---------------------------------------------------------------- live changes

    let polling = false;
    let pollTimer = null;

    async function poll() {
      const live = document.getElementById("live-changes");
      if (!live || !live.dataset.url || polling || document.hidden) return;
      polling = true;
      try {
        const url = new URL(live.dataset.url, location.href);
        url.searchParams.set("since", live.dataset.since || "0");
        const response = await fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true" } });
        showUnread(response.headers.get("X-Notifications-Unread"));
        if (response.status === 200) {
          const html = withoutStrayRows(await response.text());
          // Only the hx-swap-oob rows in the answer change the page.
          if (html.trim()) window.htmx.swap(live, html, { swapStyle: "none" });
          dispatchTriggers(response.headers.get("HX-Trigger"));
        }
      } catch (error) {
        // Offline for a moment: the next poll catches up from the same event number.
      } finally {
        polling = false;
      }
    }

    /** Every poll answer carries the user's unread notification count (claims.views.changes):
     * the header's bell (templates/base.html) shows it, so it stays current while the page
     * stays open. Its accessible name reads "Notifications, N unread". */
    function showUnread(value) {
      const bell = document.getElementById("notification-bell");
      if (!bell || value === null || !/^\d+$/.test(value)) return;
      const count = bell.querySelector(".bell-count");
      if (count && count.textContent !== value) count.textContent = value;
      bell.classList.toggle("has-unread", value !== "0");
    }

    // A new claim's row comes as <li id="claim-row-N" hx-swap-oob="beforeend:#claim-list">.
    // For every swap style but outerHTML htmx inserts only the element's content, which
    // would lose the row itself: insert the whole row here instead (once, replacing a
    // copy that is already there).
    document.body.addEventListener("htmx:oobBeforeSwap", (event) => {
      const detail = event.detail || {};
      const row = detail.fragment;
      const list = detail.target;
      if (!(row instanceof Element) || !row.matches("[data-claim]") || !list || !list.append) return;
      detail.shouldSwap = false;
      const existing = row.id && document.getElementById(row.id);
      if (existing) existing.remove();
      for (const empty of list.querySelectorAll(":scope > .empty")) empty.remove();
      // In text order, as the server lists them.
      const start = Number(row.dataset.start);
      const after = Array.from(list.querySelectorAll(":scope > [data-claim]")).find(
        (other) => Number(other.dataset.start) > start,
      );
      list.insertBefore(row, after || null);
      window.htmx.process(row);
    });

    /** The poll's rows minus those that replace or delete a row this page does not show
     * (filtered out, or already removed when this user deleted the claim): htmx would
     * report each as an error. New rows (beforeend) stay; a redrawn row keeps its tick. */
    function withoutStrayRows(html) {
      const template = document.createElement("template");
      template.innerHTML = html;
      for (const row of template.content.querySelectorAll("[hx-swap-oob]")) {
        const swap = row.getAttribute("hx-swap-oob");
        const shown = document.getElementById(row.id);
        if ((swap === "true" || swap === "delete") && !shown) row.remove();
        // An editor's tick for the bulk assignment survives the row's redraw.
        const ticked = shown && shown.querySelector("input.select-claim:checked");
        const box = row.querySelector("input.select-claim");
        if (ticked && box) box.setAttribute("checked", "");
      }
      return template.innerHTML;
    }

    function pollSoon() {
      setTimeout(poll, 150);
    }

    function startPolling() {
      const live = document.getElementById("live-changes");
      // A template that polls with htmx itself (hx-get + hx-trigger) needs no second poller.
      if (!live || live.hasAttribute("hx-get") || live.hasAttribute("data-hx-get")) return;
      clearInterval(pollTimer);
      pollTimer = setInterval(poll, POLL_MS);
      document.addEventListener("visibilitychange", () => {
        if (!document.hidden) poll();
      });
    }

    // ---------------------------------------------------------------- start

    seedClaims();
    seedCount();
    initSentences();
    startPolling();
    reader.classList.add("is-interactive");
    document.body.classList.add("has-shortcuts"); // shows the .key-hint elements (claims.css)
    window.FactcheckReader = { quoteForRange, selectionQuote, claims, redraw, poll };
  }
})(document.currentScript);
