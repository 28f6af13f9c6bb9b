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
      if (response.ok && body.status === "found") {
        const company = body.company;
        fill("billing_vat_number", company.vat_number);
        fill("billing_name", company.name);
        fill("billing_registration_number", company.registration_number);
        fill("billing_address", company.address);
        fill("billing_city", company.city);
        fill("billing_county", company.county);
        say(body.message, company.inactive ? "warn" : "ok");
      } else {
        // not found, ANAF unavailable, a bad CUI, too many look-ups: the server's sentence, else ours
        say(body.message || status.dataset.unavailable, "warn");
      }
    } catch {
      say(status.dataset.unavailable, "warn");
    } finally {
      button.disabled = false;
    }
  });
}
