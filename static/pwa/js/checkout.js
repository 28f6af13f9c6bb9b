// Checkout: look the company up by its CUI in ANAF's registry and fill the invoice fields.
// A convenience only: when the registry does not answer, the buyer types the company in.
const button = document.querySelector("[data-lookup]");
const status = document.querySelector("[data-lookup-status]");
const cui = document.querySelector("[data-cui]");
if (button && cui && status) {
  button.hidden = false;
  const say = (text, kind) => { status.textContent = text; status.dataset.kind = kind; };
  const fill = (name, value) => {
    const field = document.querySelector(`[name="${name}"]`);
    if (field && value) field.value = value;
  };
  button.addEventListener("click", async () => {
    const value = cui.value.trim();
    if (!value) { say(status.dataset.empty, "warn"); cui.focus(); return; }
    button.disabled = true;
    say(status.dataset.searching, "");
    try {
      const response = await fetch(`${button.dataset.lookup}?cui=${encodeURIComponent(value)}`, {
        headers: { Accept: "application/json" }, credentials: "same-origin",
      });
      const body = await response.json().catch(() => ({}));
      if (response.ok) {
        fill("billing_vat_number", body.vat_number);
        fill("billing_name", body.name);
        fill("billing_registration_number", body.registration_number);
        fill("billing_address", body.address);
        fill("billing_city", body.city);
        fill("billing_county", body.county);
        say(body.inactive ? status.dataset.inactive : status.dataset.found, body.inactive ? "warn" : "ok");
      } else if (response.status === 404) {
        say(status.dataset.notfound, "warn");
      } else if (response.status === 400) {
        say(body.message || status.dataset.unavailable, "warn");
      } else {
        say(status.dataset.unavailable, "warn");
      }
    } catch {
      say(status.dataset.unavailable, "warn");
    } finally {
      button.disabled = false;
    }
  });
}
