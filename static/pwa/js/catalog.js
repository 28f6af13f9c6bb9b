// Catalogue and shop pages: filters without reload, the filter panel as a bottom sheet on phones,
// infinite scroll through /pwa/api/catalog/products. The server renders the results (count, active
// filters, pieces, suggestions when none match); a filter change fetches that part alone.
import { api } from "./app.js";

const form = document.querySelector("[data-filters]");
const sheet = document.querySelector("[data-sheet]");
const panel = sheet?.querySelector("[data-sheet-panel]");
const phoneWidth = window.matchMedia("(max-width: 47.99rem)");
let results = document.querySelector("[data-results]");

function esc(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function card(item, authLabel) {
  const img = item.image
    ? `<img src="${esc(item.image.src)}"${item.image.srcset ? ` srcset="${esc(item.image.srcset)}" sizes="(min-width: 48rem) 25vw, 50vw"` : ""} alt="${esc(item.image.alt)}" width="400" height="500" loading="lazy" decoding="async">`
    : `<span class="noimg" aria-hidden="true"></span>`;
  return `<article class="card-product" data-product="${item.id}"><a href="${esc(item.url)}" class="card-link">${img}
    ${item.authenticated ? `<span class="auth-badge" data-authenticated>${esc(authLabel)}</span>` : ""}<span class="brand-name">${esc(item.brand)}</span><span class="title">${esc(item.title)}</span>
    <span class="price">${esc(item.price_display)} lei</span>${item.size ? `<span class="meta">${esc(item.size)}</span>` : ""}${item.seller_rating ? `<span class="meta card-rating" data-seller-rating><span aria-hidden="true">★</span> ${esc(Number(item.seller_rating).toFixed(1).replace(".", document.documentElement.lang === "en" ? "." : ","))} (${item.seller_reviews})</span>` : ""}</a>
    <button type="button" class="fav" data-favorite="${item.id}" aria-pressed="${item.is_favorite}" aria-label="♥ ${esc(item.title)}">♥</button></article>`;
}

function shown() {
  const data = new URLSearchParams();
  for (const [key, value] of new FormData(form)) if (value !== "") data.append(key, value);
  return data;
}

let cursor = null;
let loading = false;
let observer = null;
let seq = 0; // bumped by every filter change: an answer to an older request is dropped

function watchMore() {
  const more = results.querySelector("[data-more]");
  cursor = more ? new URL(more.href).searchParams.get("cursor") : null;
  if (more) more.addEventListener("click", (event) => { event.preventDefault(); if (cursor) more_(); });
  observer?.disconnect();
  if ("IntersectionObserver" in window) {
    observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && cursor) more_();
    }, { rootMargin: "600px" });
    observer.observe(results.querySelector(".more"));
  }
}

// The next page of pieces, appended (the API's cards: cached, and no count to redo).
async function more_() {
  if (loading || !cursor) return;
  loading = true;
  const mine = seq;
  const query = shown();
  query.delete("filtered");
  if (!query.has("my_sizes")) query.set("my_sizes", "false");
  query.set("cursor", cursor);
  const grid = results.querySelector("[data-grid]");
  try {
    const page = await api("/catalog/products?" + query.toString());
    if (mine !== seq) return;
    grid.insertAdjacentHTML("beforeend", page.items.map((item) => card(item, grid.dataset.authenticatedLabel)).join(""));
    cursor = page.next_cursor;
    results.querySelector(".more").hidden = !cursor;
  } catch (error) {
    const link = results.querySelector("[data-more]");
    if (mine === seq && link) window.location.href = link.href;
  } finally {
    if (mine === seq) loading = false;
  }
  const box = results.querySelector(".more");
  if (mine === seq && cursor && box.getBoundingClientRect().top < window.innerHeight + 600) more_();
}

// The filters changed: the server's results for them replace the list in place.
async function refresh() {
  seq += 1;
  const mine = seq;
  loading = false;
  const query = shown();
  const address = form.action.split("?")[0] + "?" + query.toString();
  try {
    const response = await fetch(address, { headers: { "X-Catalogue-Results": "1" }, credentials: "same-origin" });
    if (!response.ok) throw new Error(response.statusText);
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html").querySelector("[data-results]");
    if (mine !== seq || !fresh) return;
    // The count keeps its element (a live region is announced when its text changes, not when it is replaced).
    const count = results.querySelector("[data-count]");
    const newCount = fresh.querySelector("[data-count]");
    count.textContent = newCount.textContent;
    count.dataset.verb = newCount.dataset.verb;
    newCount.replaceWith(count);
    results.replaceWith(fresh);
    results = fresh;
    const done = form.querySelector("[data-count-label]");
    if (done) done.textContent = count.dataset.verb;
    const subs = form.querySelector("[data-subcategories]");
    const options = fresh.querySelector("[data-subcategory-options]");
    if (subs && options) {
      subs.replaceChildren(options.content.cloneNode(true));
      subs.disabled = subs.options.length < 2;
    }
    const badge = form.querySelector("[data-sheet-toggle]");
    if (badge) {
      badge.querySelector(".badge")?.remove();
      const n = Number(fresh.dataset.filterCount);
      if (n) badge.insertAdjacentHTML("beforeend", ` <span class="badge" data-filter-count>${n}</span>`);
    }
    const clear = form.querySelector("[data-clear]");
    const clearAll = fresh.querySelector("[data-clear-all]");
    if (clear && clearAll) clear.href = clearAll.href;
    history.replaceState(null, "", "?" + query.toString());
    watchMore();
  } catch (error) {
    if (mine === seq) window.location.href = address;
  }
}

// The bottom sheet (phones): results stay in view above it; Escape or × closes it; Tab stays inside.
function focusables() {
  return [...panel.querySelectorAll("a[href], button, input, select, textarea")].filter((el) => !el.disabled && el.offsetParent !== null);
}

function closeSheet() {
  if (!sheet.open) return;
  sheet.open = false;
  sheet.querySelector("summary").focus();
}

function onToggle() {
  const asSheet = sheet.open && phoneWidth.matches;
  if (asSheet) {
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-modal", "true");
    results.scrollIntoView({ block: "start" });
    (focusables()[0] || panel).focus();
  } else {
    panel.removeAttribute("role");
    panel.removeAttribute("aria-modal");
  }
}

function onKey(event) {
  if (!sheet.open || !phoneWidth.matches) return;
  if (event.key === "Escape") { event.preventDefault(); closeSheet(); return; }
  if (event.key !== "Tab") return;
  const items = focusables();
  if (!items.length) return;
  const first = items[0], last = items[items.length - 1];
  if (event.shiftKey && document.activeElement === first) { event.preventDefault(); last.focus(); }
  else if (!event.shiftKey && document.activeElement === last) { event.preventDefault(); first.focus(); }
  else if (!panel.contains(document.activeElement)) { event.preventDefault(); first.focus(); }
}

if (form && results) {
  form.addEventListener("change", (event) => {
    if (event.target.name === "category") { const subs = form.querySelector("[data-subcategories]"); if (subs) subs.value = ""; }
    refresh();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (event.submitter?.hasAttribute("data-sheet-done")) closeSheet();
    refresh();
  });
  watchMore();
}

if (sheet && panel) {
  sheet.addEventListener("toggle", onToggle);
  document.addEventListener("keydown", onKey);
  panel.querySelector("[data-sheet-close]")?.addEventListener("click", closeSheet);
  // A tap on the results above the sheet closes it.
  document.addEventListener("click", (event) => {
    if (sheet.open && phoneWidth.matches && !sheet.contains(event.target)) closeSheet();
  });
}
