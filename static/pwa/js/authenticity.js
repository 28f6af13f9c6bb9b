// The authenticity request: open the photo guide of the chosen category, count the chosen photos.
const form = document.querySelector("[data-auth-form]");
if (form) {
  const category = form.querySelector("select[name=category]");
  const guides = form.querySelectorAll("[data-guide]");
  const openGuide = () => guides.forEach((g) => { g.open = g.dataset.guide === category.value; });
  category?.addEventListener("change", openGuide);
  const photos = form.querySelector("[data-photos]");
  const count = form.querySelector("[data-photo-count]");
  photos?.addEventListener("change", () => {
    const n = photos.files.length;
    count.textContent = `${count.dataset.template} ${n}`;
    const min = Number(photos.dataset.min), max = Number(photos.dataset.max);
    photos.setCustomValidity(n < min || n > max ? count.textContent + ` (${min}–${max})` : "");
  });
}
