// Account page: Web Push on this phone (subscribe / unsubscribe) and which notices to push.
import { api } from "./app.js";

const box = document.querySelector("[data-push]");

function keyBytes(base64url) {
  const padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}

async function setUp() {
  if (!box || !("serviceWorker" in navigator) || !("PushManager" in window)) return;
  const key = await api("/notifications/push/key");
  if (!key.enabled) return;
  box.hidden = false;
  const button = box.querySelector("[data-push-toggle]");
  const error = box.querySelector("[data-push-error]");
  const registration = await navigator.serviceWorker.ready;
  let subscription = await registration.pushManager.getSubscription();
  const show = () => { button.textContent = subscription ? button.dataset.on : button.dataset.off; };
  show();

  button.addEventListener("click", async () => {
    button.disabled = true;
    error.hidden = true;
    try {
      if (subscription) {
        await api("/notifications/push/unsubscribe", { method: "POST", body: { endpoint: subscription.endpoint } });
        await subscription.unsubscribe();
        subscription = null;
      } else {
        if ((await Notification.requestPermission()) !== "granted") throw new Error(error.dataset.denied);
        subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key.public_key) });
        await api("/notifications/push/subscriptions", { method: "POST", body: subscription.toJSON() });
      }
    } catch (problem) {
      error.textContent = problem.message || error.dataset.failed;
      error.hidden = false;
    } finally {
      button.disabled = false;
      show();
    }
  });

  const boxes = [...box.querySelectorAll("[data-push-prefs] input[type=checkbox]")];
  const prefs = await api("/notifications/preferences");
  boxes.forEach((input) => { input.checked = Boolean(prefs[input.name]); });
  boxes.forEach((input) => input.addEventListener("change", async () => {
    const body = Object.fromEntries(boxes.map((b) => [b.name, b.checked]));
    await api("/notifications/preferences", { method: "PUT", body });
  }));
}

setUp().catch(() => undefined);
