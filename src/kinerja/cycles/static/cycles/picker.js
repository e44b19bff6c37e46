// Typeahead pickers: an input with data-add-to="<textarea id>" (its datalist filled by htmx as
// one types) adds the chosen "Name — Region" as a line of that list, with its button
// (data-add-from="<input id>") or Enter.
(() => {
  const add = (input) => {
    const target = document.getElementById(input.dataset.addTo);
    const value = input.value.trim();
    if (!target || !value) return;
    const lines = target.value.split("\n").map((line) => line.trim()).filter(Boolean);
    if (!lines.includes(value)) lines.push(value);
    target.value = lines.join("\n") + "\n";
    input.value = "";
    input.focus();
  };
  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-add-from]");
    if (!button) return;
    const input = document.getElementById(button.dataset.addFrom);
    if (input) add(input);
  });
  document.addEventListener("keydown", (event) => {
    const input = event.target;
    if (event.key !== "Enter" || !input.matches || !input.matches("input[data-add-to]")) return;
    event.preventDefault(); // Enter adds the unit; it does not send the form
    add(input);
  });
})();
