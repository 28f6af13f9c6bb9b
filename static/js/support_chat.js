// Live help (storefront `live_chat`): the conversation's websocket (ws/support/chats/<id>/) brings the
// agent's answers and status changes; when it is down the page polls `live_chat_poll` every 4 s.
// Sending goes over the socket when it is open, otherwise the form posts as without JavaScript.
const root = document.querySelector("[data-live-chat]");
if (root) {
  const list = root.querySelector("[data-live-messages]");
  const status = root.querySelector("[data-live-status]");
  const form = root.querySelector("[data-live-form]");
  const error = root.querySelector("[data-live-error]");
  const seen = new Set([...list.querySelectorAll("[data-id]")].map((li) => Number(li.dataset.id)));
  let lastId = Math.max(0, ...seen);

  const add = (m) => {
    if (seen.has(m.id)) return;
    seen.add(m.id);
    lastId = Math.max(lastId, m.id);
    const li = document.createElement("li");
    li.className = m.from_agent ? "bubble agent" : "bubble";
    li.dataset.id = m.id;
    const who = document.createElement("span");
    who.className = "who";
    who.textContent = m.from_agent ? root.dataset.support : root.dataset.you;
    const p = document.createElement("p");
    p.textContent = m.body;
    const time = document.createElement("time");
    time.textContent = new Date(m.created_at).toLocaleTimeString("ro-RO", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Bucharest" });
    li.append(who, p, time);
    list.append(li);
    li.scrollIntoView({ block: "nearest" });
  };
  const apply = (data) => {
    if (data.type === "message") add(data);
    if (data.messages) data.messages.forEach(add);
    if (data.redirect) { location.href = data.redirect; return; }
    if (data.status_label && data.status) {
      root.dataset.status = data.status;
      if (data.status !== "waiting") status.textContent = data.status_label;
    }
    if (data.type === "error") { error.textContent = data.message; error.hidden = false; }
  };

  let socket = null;
  let timer = null;
  const poll = () =>
    fetch(`${root.dataset.pollUrl}?after=${lastId}`, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : null)).then((data) => data && apply(data)).catch(() => undefined);
  const startPolling = () => { if (!timer) timer = setInterval(poll, 4000); };
  try {
    socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/support/chats/${root.dataset.liveChat}/`);
    socket.addEventListener("message", (event) => apply(JSON.parse(event.data)));
    socket.addEventListener("close", () => { socket = null; startPolling(); });
    socket.addEventListener("error", startPolling);
  } catch (e) {
    startPolling();
  }

  form.addEventListener("submit", (event) => {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;  // the plain form does it
    event.preventDefault();
    const body = form.body.value.trim();
    if (!body) return;
    error.hidden = true;
    socket.send(JSON.stringify({ type: "message", body }));
    form.body.value = "";
  });
}
