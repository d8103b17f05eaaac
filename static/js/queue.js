/* "My queue" (templates/assignments/my_queue.html): j/k move between the assigned claims,
 * Enter (or o) opens the current one, as on the reading page's claim list (reader.js).
 * Runs under the page's CSP: no inline handlers, no style attributes. */
(function () {
  "use strict";

  const list = document.getElementById("my-queue");
  if (!list) return;
  let current = -1;

  function rows() {
    return Array.from(list.querySelectorAll("[data-claim]"));
  }

  function isTyping(target) {
    if (!(target instanceof Element)) return false;
    if (target.isContentEditable || target.closest("textarea, select")) return true;
    const input = target.closest("input");
    return Boolean(input) && !["radio", "checkbox", "button", "submit", "reset"].includes(input.type);
  }

  function setCurrent(index) {
    const all = rows();
    if (!all.length) return;
    current = Math.min(all.length - 1, Math.max(0, index));
    for (const row of all) row.classList.toggle("is-current", row === all[current]);
    const link = all[current].querySelector("a.queue-link");
    if (link) link.focus();
    all[current].scrollIntoView({ block: "nearest" });
  }

  // Focus moved by Tab or a click also makes that row the current one.
  list.addEventListener("focusin", (event) => {
    const row = event.target.closest("[data-claim]");
    if (!row) return;
    current = rows().indexOf(row);
    for (const other of rows()) other.classList.toggle("is-current", other === row);
  });

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.isComposing) return;
    if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
    const all = rows();
    if (event.key === "j") setCurrent(current < 0 ? 0 : current + 1);
    else if (event.key === "k") setCurrent(current < 0 ? all.length - 1 : current - 1);
    else if ((event.key === "o" || event.key === "Enter") && current >= 0 && all[current]) {
      // Enter on the focused link follows it by itself; from elsewhere (the page body) it
      // opens the current row, never a link or button outside the queue.
      if (event.key === "Enter" && event.target !== document.body && !list.contains(event.target)) return;
      const link = all[current].querySelector("a.queue-link");
      if (!link) return;
      if (event.key === "Enter" && event.target === link) return;
      window.location.assign(link.href);
    } else return;
    event.preventDefault();
  });

  document.body.classList.add("has-shortcuts"); // shows the .key-hint (claims.css)
})();
