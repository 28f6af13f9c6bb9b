// Product page: add to the wishlist without leaving the page (the favourite button is in app.js).
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
