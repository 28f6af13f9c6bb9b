// Staff live chat (`admin_chat`): the queue over ws/support/queue/ (a ping every 30 s keeps the agent
// online), one conversation over ws/support/chats/<id>/; polling of admin_chat_queue and
// admin_chat_messages every 5 s when a socket is down. Actions post to admin_chat_action.
const root = document.querySelector("[data-admin-chat]");
if (root) {
  const d = root.dataset;
  const queue = root.querySelector("[data-queue]");
  const conn = root.querySelector("[data-connection]");
  const conv = root.querySelector("[data-conversation]");
  const list = conv.querySelector("[data-conv-messages]");
  const errorBox = conv.querySelector("[data-conv-error]");
  const wsBase = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/support/`;
  const csrf = (document.cookie.split("; ").find((c) => c.startsWith("csrftoken=")) || "").slice(10);
  const url = (template, id) => template.replace("/0/", `/${id}/`);
  let current = null, lastId = 0, chatSocket = null, chatTimer = null, queueTimer = null;
  const seen = new Set();

  const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text != null) e.textContent = text; return e; };

  function renderQueue(data) {
    root.querySelector("[data-online-count]").textContent = `${data.agents_online} ${d.online}`;
    queue.replaceChildren();
    if (!data.chats.length) { queue.append(el("li", "py-2", d.empty)); return; }
    for (const row of data.chats) {
      const li = el("li", "py-2");
      li.dataset.chatRow = row.id;
      li.append(el("strong", "", row.requester), document.createTextNode(` · ${row.status_label} · ${Math.floor(row.waited_seconds / 60)} ${d.min}`));
      li.append(el("p", "text-sm", row.topic));
      const button = el("button", row.status === "waiting" ? "bg-primary-600 text-white px-3 py-1 rounded-default" : "text-primary-600", row.status === "waiting" ? d.take : d.open);
      button.type = "button";
      button.addEventListener("click", () => (row.status === "waiting" ? act(row.id, { action: "take" }).then(() => open(row.id)) : open(row.id)));
      li.append(button);
      queue.append(li);
    }
  }
  const pollQueue = () => fetch(d.queueUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then((r) => (r.ok ? r.json() : null)).then((data) => data && renderQueue(data)).catch(() => undefined);

  function connectQueue() {
    let socket;
    try { socket = new WebSocket(`${wsBase}queue/`); } catch (e) { queueTimer = queueTimer || setInterval(pollQueue, 5000); return; }
    let ping = null;
    socket.addEventListener("open", () => { conn.textContent = d.live; clearInterval(queueTimer); queueTimer = null; ping = setInterval(() => socket.send(JSON.stringify({ type: "ping" })), 30000); });
    socket.addEventListener("message", (event) => { const data = JSON.parse(event.data); if (data.type === "queue") renderQueue(data); });
    socket.addEventListener("close", () => { conn.textContent = d.polling; clearInterval(ping); queueTimer = queueTimer || setInterval(pollQueue, 5000); setTimeout(connectQueue, 10000); });
  }

  function addMessage(m) {
    if (seen.has(m.id)) return;
    seen.add(m.id);
    lastId = Math.max(lastId, m.id);
    const li = el("li", m.from_agent ? "p-2 rounded-default bg-base-100 dark:bg-base-800" : "p-2 rounded-default border border-base-200 dark:border-base-700");
    li.append(el("span", "block text-xs", `${m.from_agent ? d.you : d.customer} · ${new Date(m.created_at).toLocaleTimeString("ro-RO", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Bucharest" })}`), el("span", "", m.body));
    list.append(li);
    list.scrollTop = list.scrollHeight;
  }
  function applyChat(data) {
    if (data.type === "message") addMessage(data);
    (data.messages || []).forEach(addMessage);
    if (data.status_label) conv.querySelector("[data-conv-status]").textContent = data.status_label;
    if (data.type === "error") { errorBox.textContent = data.message; errorBox.hidden = false; }
  }
  const pollChat = () => current && fetch(`${url(d.messagesUrl, current)}?after=${lastId}`, { headers: { Accept: "application/json" }, credentials: "same-origin" })
    .then((r) => (r.ok ? r.json() : null)).then((data) => data && applyChat(data)).catch(() => undefined);

  async function open(id) {
    if (chatSocket) chatSocket.close();
    clearInterval(chatTimer); chatTimer = null;
    current = id; lastId = 0; seen.clear(); list.replaceChildren(); errorBox.hidden = true;
    const response = await fetch(url(d.messagesUrl, id), { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok) return;
    const data = await response.json();
    conv.hidden = false;
    conv.querySelector("[data-conv-title]").textContent = `#${data.id} · ${data.requester} · ${data.topic}`;
    applyChat(data);
    try {
      chatSocket = new WebSocket(`${wsBase}chats/${id}/`);
      chatSocket.addEventListener("message", (event) => applyChat(JSON.parse(event.data)));
      chatSocket.addEventListener("close", () => { chatSocket = null; if (current === id) chatTimer = chatTimer || setInterval(pollChat, 5000); });
    } catch (e) { chatTimer = setInterval(pollChat, 5000); }
  }

  async function act(id, fields) {
    const body = new URLSearchParams(fields);
    const response = await fetch(url(d.actionUrl, id), { method: "POST", credentials: "same-origin", headers: { Accept: "application/json", "X-CSRFToken": decodeURIComponent(csrf) }, body });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) { errorBox.textContent = data.message || response.statusText; errorBox.hidden = false; }
    else { errorBox.hidden = true; applyChat(data); }
    pollQueue();
    return data;
  }

  conv.querySelector("[data-send]").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = event.target.body.value.trim();
    if (!text || !current) return;
    if (chatSocket && chatSocket.readyState === WebSocket.OPEN) chatSocket.send(JSON.stringify({ type: "message", body: text }));
    else act(current, { action: "send", body: text }).then(pollChat);
    event.target.body.value = "";
  });
  conv.querySelector("[data-transfer]").addEventListener("submit", (event) => {
    event.preventDefault();
    if (current) act(current, { action: "transfer", agent: event.target.agent.value });
  });
  conv.querySelector("[data-close]").addEventListener("click", () => current && act(current, { action: "close" }));

  connectQueue();
  const wanted = new URLSearchParams(location.search).get("chat");
  if (wanted) open(Number(wanted));
}
