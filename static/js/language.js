// Choosing another language in the header sends its form at once (no inline handler: the CSP forbids them).
document.addEventListener("change", (event) => {
  if (event.target.matches("select[data-submit-on-change]")) event.target.form.submit();
});
