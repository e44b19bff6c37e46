// Small page behaviours, loaded as a file so a strict Content-Security-Policy holds.
document.addEventListener("DOMContentLoaded", () => {
  // Buttons that ask before they act: <button data-confirm="…">.
  document.body.addEventListener("click", (event) => {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });
});
