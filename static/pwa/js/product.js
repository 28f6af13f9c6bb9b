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
