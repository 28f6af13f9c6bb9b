// Every storefront page: service worker, install prompt, CSRF-aware API calls.
const script = document.getElementById("app-js");
export const API = script ? script.dataset.api : "/pwa/api";

function cookie(name) {
  const hit = document.cookie.split("; ").find((part) => part.startsWith(name + "="));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : "";
}

export async function api(path, { method = "GET", body } = {}) {
  const headers = { Accept: "application/json" };
  if (method !== "GET") headers["X-CSRFToken"] = cookie("csrftoken");
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(API + path, {
    method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error((data && data.message) || response.statusText);
    error.status = response.status;
    error.data = data;
    throw error;
  }
  return data;
}

export function signIn() {
  window.location.href = "/accounts/login/?next=" + encodeURIComponent(location.pathname + location.search);
}

export async function toggleFavorite(button) {
  const id = button.dataset.favorite;
  button.disabled = true;
  try {
    const result = await api(`/customers/favorites/${id}/toggle`, { method: "POST" });
    document.querySelectorAll(`[data-favorite="${id}"]`).forEach((b) => b.setAttribute("aria-pressed", String(result.is_favorite)));
  } catch (error) {
    if (error.status === 401) signIn();
  } finally {
    button.disabled = false;
  }
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-favorite]");
  if (!button) return;
  event.preventDefault();
  toggleFavorite(button);
});

if ("serviceWorker" in navigator && script) {
  window.addEventListener("load", () => navigator.serviceWorker.register(script.dataset.sw, { scope: "/" }).catch(() => undefined));
}

let deferred = null;
const banner = document.querySelector("[data-install]");
window.addEventListener("beforeinstallprompt", (event) => {
  event.preventDefault();
  deferred = event;
  if (banner && localStorage.getItem("install-dismissed") !== "1") banner.hidden = false;
});
if (banner) {
  banner.querySelector("[data-install-button]").addEventListener("click", async () => {
    banner.hidden = true;
    if (deferred) { deferred.prompt(); await deferred.userChoice; deferred = null; }
  });
  banner.querySelector("[data-install-dismiss]").addEventListener("click", () => {
    banner.hidden = true;
    localStorage.setItem("install-dismissed", "1");
  });
}
