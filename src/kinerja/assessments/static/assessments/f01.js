// F01 page: open the tab that holds the indicator named in the address (#n12), e.g. after an
// upload or a save without JavaScript redirected back to it, and keep the address in step.
document.addEventListener("DOMContentLoaded", () => {
  const showFor = (hash) => {
    if (!hash || hash.length < 2) return;
    const target = document.getElementById(hash.slice(1));
    const pane = target && target.closest(".tab-pane");
    if (!pane || !window.bootstrap) return;
    const button = document.querySelector(`[data-bs-target="#${pane.id}"]`);
    if (button) {
      window.bootstrap.Tab.getOrCreateInstance(button).show();
      target.scrollIntoView({ block: "start" });
    }
  };
  showFor(window.location.hash);
  window.addEventListener("hashchange", () => showFor(window.location.hash));
});
