// Small progressive enhancements; every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Put the keyboard focus on the error summary so screen readers announce it.
  const summary = document.getElementById("form-errors");
  if (summary) summary.focus();
  // Buttons that change state ask before they act (data-confirm="…").
  document.querySelectorAll("[data-confirm]").forEach((el) => {
    el.addEventListener("click", (event) => {
      if (!window.confirm(el.dataset.confirm)) event.preventDefault();
    });
  });
});
