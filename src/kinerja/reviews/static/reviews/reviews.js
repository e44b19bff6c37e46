// Review page: scoring in place. A save posts the indicator's form with htmx and swaps the
// page's body (#review-body) without a reload; the keyboard then goes on with the indicator the
// server names in data-focus (the next one still to score after "save and next"). A digit key
// chooses that level of the indicator being scored; Enter saves and goes on (the browser's own
// implicit submission presses the first button, "Save and next"). Without JavaScript the forms
// post and the page reloads at the next indicator (#r12), as before.
(() => {
  const inputOf = (card) =>
    card.querySelector("form input[type=radio]:checked:not([disabled])") ||
    card.querySelector("form input:not([type=hidden]):not([disabled]), form select, form textarea");

  const focusCard = (id) => {
    const card = id && document.getElementById(id);
    if (!card || !card.classList.contains("reviews-card")) return;
    const input = inputOf(card);
    if (input) input.focus({ preventScroll: true });
    card.scrollIntoView({ block: "start" });
  };

  document.addEventListener("DOMContentLoaded", () => {
    // After "load": the browser's own jump to the fragment would otherwise take the focus back.
    window.addEventListener("load", () => {
      if (document.querySelector("[autofocus]")) return;
      const body = document.getElementById("review-body");
      const start = window.location.hash.slice(1) || (body && body.dataset.focus);
      setTimeout(() => focusCard(start), 0);
    });
    window.addEventListener("hashchange", () => focusCard(window.location.hash.slice(1)));
  });

  // A refused save (400, 409) comes back as the body with the typed values and the message:
  // swap it like a success so nothing typed is lost.
  document.addEventListener("htmx:beforeSwap", (event) => {
    const status = event.detail.xhr.status;
    if (event.detail.target.id === "review-body" && (status === 400 || status === 409)) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  document.addEventListener("htmx:afterSettle", (event) => {
    const body = document.getElementById("review-body");
    if (body && body.contains(event.detail.elt) || event.detail.elt === body) {
      focusCard(body.dataset.focus);
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || !/^[0-9]$/.test(event.key)) return;
    const active = document.activeElement;
    if (active && (active.matches("textarea, select") || (active.matches("input") && active.type !== "radio"))) return;
    const card = (active && active.closest(".reviews-card")) ||
      document.getElementById((document.getElementById("review-body") || {}).dataset?.focus || "");
    if (!card) return;
    const radio = card.querySelector(`form input[type=radio][name=value][value="${event.key}"]:not([disabled])`);
    if (!radio) return;
    event.preventDefault();
    radio.checked = true;
    radio.focus();
  });
})();
