// Review page: after "save and next" (or a link) lands on an indicator (#r12), move the keyboard
// focus into that indicator's form so the evaluator can go on typing.
document.addEventListener("DOMContentLoaded", () => {
  const focusCard = (hash) => {
    if (!hash || hash.length < 2) return;
    const card = document.getElementById(hash.slice(1));
    if (!card || !card.classList.contains("reviews-card")) return;
    const input = card.querySelector("form input:not([type=hidden]):not([disabled]), form select, form textarea");
    if (input) input.focus({ preventScroll: true });
    card.scrollIntoView({ block: "start" });
  };
  // After "load": the browser's own jump to the fragment would otherwise take the focus back.
  window.addEventListener("load", () => {
    if (!document.querySelector("[autofocus]")) setTimeout(() => focusCard(window.location.hash), 0);
  });
  window.addEventListener("hashchange", () => focusCard(window.location.hash));
});
