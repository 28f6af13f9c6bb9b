// Product page: add to the cart and to the wishlist without leaving the page (the favourite button is in app.js).
import { api, signIn } from "./app.js";

const button = document.querySelector("[data-wishlist]");
if (button) {
  button.addEventListener("click", async (event) => {
    event.preventDefault();
    try {
      await api("/customers/wishlist", { method: "POST", body: { product_id: Number(button.dataset.wishlist) } });
      button.disabled = true;
      button.textContent = button.dataset.done || "✓";
    } catch (error) {
      if (error.status === 401) signIn();
    }
  });
}

const cartButton = document.querySelector("[data-add-to-cart]");
if (cartButton) {
  cartButton.form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = cartButton.form.querySelector("[data-cart-error]");
    cartButton.disabled = true;
    try {
      await api("/cart/items", { method: "POST", body: { product_id: Number(cartButton.dataset.addToCart), quantity: 1 } });
      cartButton.textContent = cartButton.dataset.done;
    } catch (problem) {
      if (problem.status === 403 || !problem.data) { cartButton.form.submit(); return; }
      error.textContent = problem.message;
      error.hidden = false;
      cartButton.disabled = false;
    }
  });
}

// Gallery: the photo counter follows the swipe; a tap opens the photo full screen, where two fingers
// pinch-zoom, one finger pans and a double tap zooms in or out.
const gallery = document.querySelector("[data-gallery]");
const counter = document.querySelector("[data-gallery-index]");
if (gallery && counter) {
  gallery.addEventListener("scroll", () => {
    counter.textContent = String(Math.round(gallery.scrollLeft / Math.max(gallery.clientWidth, 1)) + 1);
  }, { passive: true });
}

const zoom = document.querySelector("[data-zoom]");
if (gallery && zoom && typeof zoom.showModal === "function") {
  const image = zoom.querySelector("[data-zoom-image]");
  let scale = 1, x = 0, y = 0, start = null;
  const pointers = new Map();
  const clamp = () => {
    scale = Math.min(4, Math.max(1, scale));
    const maxX = image.clientWidth * (scale - 1), maxY = image.clientHeight * (scale - 1);
    x = Math.min(0, Math.max(-maxX, x));
    y = Math.min(0, Math.max(-maxY, y));
  };
  const draw = () => { clamp(); image.style.transform = `translate(${x}px, ${y}px) scale(${scale})`; };
  const zoomAt = (next, cx, cy) => {  // keep the point under the fingers where it is
    x = cx - ((cx - x) * next) / scale;
    y = cy - ((cy - y) * next) / scale;
    scale = next;
    draw();
  };
  gallery.addEventListener("click", (event) => {
    const photo = event.target.closest("img");
    if (!photo) return;
    image.src = photo.dataset.full || photo.currentSrc || photo.src;
    image.alt = photo.alt;
    scale = 1; x = 0; y = 0; draw();
    zoom.showModal();
  });
  const spread = () => { const [a, b] = [...pointers.values()]; return Math.hypot(a.x - b.x, a.y - b.y); };
  const middle = () => { const [a, b] = [...pointers.values()]; return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }; };
  image.addEventListener("pointerdown", (event) => {
    image.setPointerCapture(event.pointerId);
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    start = pointers.size === 2 ? { spread: spread(), scale } : { x: event.clientX - x, y: event.clientY - y };
  });
  image.addEventListener("pointermove", (event) => {
    if (!pointers.has(event.pointerId)) return;
    pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
    if (pointers.size === 2 && start.spread) {
      const centre = middle();
      zoomAt((start.scale * spread()) / start.spread, centre.x, centre.y);
    } else if (pointers.size === 1 && scale > 1 && start.x !== undefined) {
      x = event.clientX - start.x;
      y = event.clientY - start.y;
      draw();
    }
  });
  const lift = (event) => {
    pointers.delete(event.pointerId);
    const [rest] = [...pointers.values()];
    start = rest ? { x: rest.x - x, y: rest.y - y } : null;
  };
  image.addEventListener("pointerup", lift);
  image.addEventListener("pointercancel", lift);
  image.addEventListener("dblclick", (event) => zoomAt(scale > 1 ? 1 : 2.5, event.clientX, event.clientY));
  image.addEventListener("wheel", (event) => {
    event.preventDefault();
    zoomAt(scale * (event.deltaY < 0 ? 1.2 : 1 / 1.2), event.clientX, event.clientY);
  }, { passive: false });
}

// Sticky buy bar (phones): shown only while the page's own buy button is out of view.
const bar = document.querySelector("[data-buybar]");
const mainButton = document.querySelector("[data-add-to-cart]");
if (bar && mainButton && "IntersectionObserver" in window) {
  new IntersectionObserver(([entry]) => bar.classList.toggle("away", entry.isIntersecting)).observe(mainButton);
  const barButton = bar.querySelector("[data-buybar-button]");
  const error = mainButton.form.querySelector("[data-cart-error]");
  // The page's button does the work (API, then its label); the bar says what it says.
  new MutationObserver(() => {
    barButton.textContent = mainButton.textContent;
    barButton.disabled = mainButton.disabled;
    if (error && !error.hidden) error.scrollIntoView({ block: "center" });
  }).observe(mainButton.form, { childList: true, subtree: true, characterData: true, attributes: true });
  barButton.addEventListener("click", (event) => {
    event.preventDefault();
    mainButton.form.requestSubmit(mainButton);
  });
}
