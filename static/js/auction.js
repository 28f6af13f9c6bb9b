// Live auction page: websocket updates (ws/auctions/<id>/), polling auction_status as a fallback.
const root = document.querySelector("[data-auction]");
if (root) {
  const id = root.dataset.auction;
  const statusUrl = root.dataset.statusUrl;
  const set = (name, value) => {
    const el = root.querySelector(`[data-field="${name}"]`);
    if (el && value !== undefined && value !== null) {
      if (name === "end_time") {
        el.setAttribute("datetime", value);
        el.textContent = new Date(value).toLocaleString();
      } else {
        el.textContent = value;
      }
    }
  };
  const apply = (data) => {
    set("price", data.price);
    set("bids_count", data.bids_count);
    set("end_time", data.end_time);
    set("minimum_bid", data.minimum_bid);
    const leader = root.querySelector('[data-field="leader"]');
    if (leader && "leader_is_me" in data) leader.hidden = !data.leader_is_me;
  };
  let timer = null;
  const poll = () => {
    fetch(statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : null))
      .then((data) => data && apply(data))
      .catch(() => {});
  };
  const startPolling = () => {
    if (!timer) timer = setInterval(poll, 5000);
  };
  try {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const socket = new WebSocket(`${scheme}://${location.host}/ws/auctions/${id}/`);
    socket.addEventListener("message", (event) => apply(JSON.parse(event.data)));
    socket.addEventListener("close", startPolling);
    socket.addEventListener("error", startPolling);
  } catch (e) {
    startPolling();
  }
}
