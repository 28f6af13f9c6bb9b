// Catalogue: filters without reload and infinite scroll, through /pwa/api/catalog/products.
import { api } from "./app.js";

const form = document.querySelector("[data-filters]");
const grid = document.querySelector("[data-grid]");
const moreBox = document.querySelector(".more");
const authLabel = grid?.dataset.authenticatedLabel || "Authenticated";

function esc(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

function card(item) {
  const img = item.image
    ? `<img src="${esc(item.image.src)}"${item.image.srcset ? ` srcset="${esc(item.image.srcset)}" sizes="(min-width: 48rem) 25vw, 50vw"` : ""} alt="${esc(item.image.alt)}" width="400" height="500" loading="lazy" decoding="async">`
    : `<span class="noimg" aria-hidden="true"></span>`;
  return `<article class="card-product" data-product="${item.id}"><a href="${esc(item.url)}" class="card-link">${img}
    ${item.authenticated ? `<span class="auth-badge" data-authenticated>${esc(authLabel)}</span>` : ""}<span class="brand-name">${esc(item.brand)}</span><span class="title">${esc(item.title)}</span>
    <span class="price">${esc(item.price_display)} lei</span>${item.size ? `<span class="meta">${esc(item.size)}</span>` : ""}${item.seller_rating ? `<span class="meta card-rating" data-seller-rating><span aria-hidden="true">★</span> ${esc(Number(item.seller_rating).toFixed(1).replace(".", document.documentElement.lang === "en" ? "." : ","))} (${item.seller_reviews})</span>` : ""}</a>
    <button type="button" class="fav" data-favorite="${item.id}" aria-pressed="${item.is_favorite}" aria-label="♥ ${esc(item.title)}">♥</button></article>`;
}

function params() {
  const data = new URLSearchParams();
  for (const [key, value] of new FormData(form)) if (value !== "" && key !== "filtered") data.append(key, value);
  if (!data.has("my_sizes")) data.set("my_sizes", "false");
  return data;
}

let cursor = null;
let loading = false;
let observer = null;
let seq = 0; // bumped by every filter change: an answer to an older request is dropped

async function load(reset) {
  if (!reset && loading) return;
  if (reset) seq += 1;
  const mine = seq;
  loading = true;
  const query = params();
  if (!reset && cursor) query.set("cursor", cursor);
  try {
    const page = await api("/catalog/products?" + query.toString());
    if (mine !== seq) return;
    const html = page.items.map(card).join("");
    if (reset) grid.innerHTML = html || `<p class="empty">${esc(grid.dataset.empty || "—")}</p>`;
    else grid.insertAdjacentHTML("beforeend", html);
    cursor = page.next_cursor;
    if (moreBox) moreBox.hidden = !cursor;
    if (reset) {
      const shown = new URLSearchParams(new FormData(form));
      history.replaceState(null, "", "?" + shown.toString());
    }
  } catch (error) {
    if (mine === seq && form) form.submit();
  } finally {
    if (mine === seq) loading = false;
  }
  // A short page can leave the end of the list in view: keep filling until it is not.
  if (mine === seq && cursor && moreBox && moreBox.getBoundingClientRect().top < window.innerHeight + 600) load(false);
}

if (form && grid) {
  grid.dataset.empty = grid.querySelector(".empty")?.textContent || "";
  const more = document.querySelector("[data-more]");
  if (more) cursor = new URL(more.href).searchParams.get("cursor");
  form.addEventListener("change", () => load(true));
  form.addEventListener("submit", (event) => { event.preventDefault(); load(true); });
  if (moreBox && "IntersectionObserver" in window) {
    observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && cursor) load(false);
    }, { rootMargin: "600px" });
    observer.observe(moreBox);
  }
  if (more) more.addEventListener("click", (event) => { event.preventDefault(); if (cursor) load(false); });
}
