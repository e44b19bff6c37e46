// Review and plenary pages: scoring in place. A save posts the indicator's form with htmx and
// swaps the page's body (#review-body, #plenary-body) without a reload; the keyboard then goes on
// with the indicator the server names in data-focus (the next one still to score after "save and
// next"; on the plenary the next row with an outlier and no consensus). A digit key chooses that
// level of the indicator being scored (on the plenary it opens the row's consensus form); Enter
// saves (the browser's own implicit submission presses the form's first button). Without
// JavaScript the forms post and the page reloads at the indicator (#r12), as before.
(() => {
  const BODIES = ["review-body", "plenary-body"];
  const CARDS = ".reviews-card, .plenary-row";
  const body = () => BODIES.map((id) => document.getElementById(id)).find(Boolean);

  const inputOf = (card) =>
    card.querySelector("form input[type=radio]:checked:not([disabled])") ||
    card.querySelector("form input:not([type=hidden]):not([disabled]), form select, form textarea");

  const focusCard = (id) => {
    const card = id && document.getElementById(id);
    if (!card || !card.matches(CARDS)) return;
    const row = card.matches(".plenary-row");
    // A plenary row's form folds into its <details>: a closed one is reached by its summary.
    const details = row && card.querySelector("details.plenary-form");
    const input = details && !details.open ? details.querySelector("summary") : inputOf(card);
    if (input) input.focus({ preventScroll: true });
    card.scrollIntoView({ block: row ? "center" : "start" });
  };

  document.addEventListener("DOMContentLoaded", () => {
    // After "load": the browser's own jump to the fragment would otherwise take the focus back.
    window.addEventListener("load", () => {
      if (document.querySelector("[autofocus]")) return;
      const start = window.location.hash.slice(1) || (body() && body().dataset.focus);
      setTimeout(() => focusCard(start), 0);
    });
    window.addEventListener("hashchange", () => focusCard(window.location.hash.slice(1)));
  });

  // A refused save (400, 409) comes back as the body with the typed values and the message:
  // swap it like a success so nothing typed is lost.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const status = event.detail.xhr.status;
    if (BODIES.includes(event.detail.target.id) && (status === 400 || status === 409)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterSettle", (event) => {
    const current = body();
    if (current && (current.contains(event.detail.elt) || event.detail.elt === current)) {
      focusCard(current.dataset.focus);
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || !/^[0-9]$/.test(event.key)) return;
    const active = document.activeElement;
    if (active && (active.matches("textarea, select") || (active.matches("input") && active.type !== "radio"))) return;
    const card = (active && active.closest(CARDS)) ||
      document.getElementById((body() || {}).dataset?.focus || "");
    if (!card) return;
    const radio = card.querySelector(`form input[type=radio][name=value][value="${event.key}"]:not([disabled])`);
    if (!radio) return;
    event.preventDefault();
    const details = card.querySelector("details.plenary-form");
    if (details) details.open = true;
    radio.checked = true;
    radio.focus();
  });
})();
