// A conversation's thread, live: the conversation's websocket (ws/chat/<id>/) brings the other side's messages
// and read receipts; when the socket cannot open or drops, the page polls its JSON endpoint every 3 s instead.
// Sending goes through the HTTP form (CSRF, photos, the same service); the form still works without JavaScript.
const root = document.querySelector("[data-chat]");
if (root) {
  const thread = root.querySelector("[data-thread]");
  const form = root.querySelector("[data-chat-form]");
  const error = root.querySelector("[data-chat-error]");
  const side = root.dataset.side;
  const t = root.dataset;
  let last = Number(root.dataset.last || 0);
  let socket = null;
  let timer = null;

  const receipt = (read) => (read ? t.tRead : t.tSent);

  const render = (message) => {
    if (message.id <= last && thread.querySelector(`[data-message-id="${message.id}"]`)) return;
    thread.querySelector("[data-empty]")?.remove();
    const mine = message.side === side;
    const item = document.createElement("li");
    item.className = `msg ${mine ? "mine" : "theirs"}`;
    item.dataset.messageId = message.id;
    if (message.text) {
      const text = document.createElement("p");
      text.className = "msg-text";
      text.textContent = message.text;
      item.append(text);
    }
    for (const url of message.photos || []) {
      const link = document.createElement("a");
      link.href = url;
      const img = document.createElement("img");
      img.className = "msg-photo";
      img.src = url;
      img.alt = t.tPhoto;
      link.append(img);
      item.append(link);
    }
    if (message.masked) {
      const notice = document.createElement("p");
      notice.className = "msg-notice";
      notice.textContent = t.tMasked;
      item.append(notice);
    }
    const meta = document.createElement("p");
    meta.className = "msg-meta";
    const when = new Date(message.created_at);
    const time = document.createElement("time");
    time.dateTime = message.created_at;
    time.textContent = when.toLocaleString(document.documentElement.lang || "ro", { day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit" });
    meta.append(time);
    if (mine) {
      const state = document.createElement("span");
      state.dataset.receipt = "";
      state.textContent = receipt(message.read_at);
      meta.append(" · ", state);
    }
    item.append(meta);
    thread.append(item);
    last = Math.max(last, message.id);
    item.scrollIntoView({ block: "end" });
    if (!mine && socket && socket.readyState === WebSocket.OPEN && document.visibilityState === "visible") {
      socket.send(JSON.stringify({ type: "read" }));
    }
  };

  const markRead = () => {
    for (const state of thread.querySelectorAll(".msg.mine [data-receipt]")) state.textContent = t.tRead;
  };

  const poll = async () => {
    try {
      const response = await fetch(`${root.dataset.poll}?after=${last}`, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return;
      const data = await response.json();
      data.messages.forEach(render);
      if (data.read_up_to) {
        for (const item of thread.querySelectorAll(".msg.mine")) {
          if (Number(item.dataset.messageId) <= data.read_up_to) {
            const state = item.querySelector("[data-receipt]");
            if (state) state.textContent = t.tRead;
          }
        }
      }
    } catch (_) { /* offline for a moment: the next round tries again */ }
  };
  const startPolling = () => { if (!timer) timer = setInterval(poll, 3000); };
  const stopPolling = () => { clearInterval(timer); timer = null; };

  const connect = () => {
    try {
      socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${root.dataset.ws}`);
    } catch (_) {
      startPolling();
      return;
    }
    socket.addEventListener("open", () => { stopPolling(); poll(); });
    socket.addEventListener("message", (event) => {
      const data = JSON.parse(event.data);
      if (data.type === "message") render(data.message);
      else if (data.type === "read" && data.reader !== side) markRead();
    });
    socket.addEventListener("close", () => { socket = null; startPolling(); });
  };

  form?.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.hidden = true;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { Accept: "application/json", "X-CSRFToken": form.querySelector("[name=csrfmiddlewaretoken]").value },
        credentials: "same-origin",
      });
      const data = await response.json();
      if (!response.ok) {
        error.textContent = data.message || t.tFailed;
        error.hidden = false;
      } else {
        render(data);
        form.reset();
      }
    } catch (_) {
      error.textContent = t.tFailed;
      error.hidden = false;
    } finally {
      button.disabled = false;
    }
  });

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "read" }));
  });
  thread.lastElementChild?.scrollIntoView({ block: "end" });
  startPolling();
  connect();
}
