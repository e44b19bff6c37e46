// Small page behaviours, loaded as a file so a strict Content-Security-Policy holds.
document.addEventListener("DOMContentLoaded", () => {
  // Buttons that ask before they act: <button data-confirm="…">.
  document.body.addEventListener("click", (event) => {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });
  // Long-running forms (<form data-busy>): show their progress bar and stop a second submit.
  document.body.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-busy]");
    if (!form || event.defaultPrevented) {
      return;
    }
    form.querySelectorAll("[type=submit]").forEach((button) => {
      button.disabled = true;
    });
    const bar = form.querySelector("[data-busy-indicator]");
    if (bar) {
      bar.hidden = false;
    }
  });
});
