// Auction pages: a live countdown on every [data-countdown]; on a lot's page, live price over the
// auction's websocket group (ws/auctions/<id>/) with polling of auction_status as the fallback,
// and bids placed through the storefront API after a confirmation dialog.
// Prices are written one way in both languages, as the server's format_money does: 17.586,00
const money = { format: (n) => { const [whole, cents] = n.toFixed(2).split("."); return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ".")},${cents}`; } };
const two = (n) => String(n).padStart(2, "0");

function countdownText(target, labels) {
  const left = Math.max(0, Math.floor((new Date(target).getTime() - Date.now()) / 1000));
  if (left === 0) return labels.ended;
  const d = Math.floor(left / 86400), h = Math.floor((left % 86400) / 3600), m = Math.floor((left % 3600) / 60), s = left % 60;
  return (d ? `${d} ${labels.days} ` : "") + `${two(h)}:${two(m)}:${two(s)}`;
}

function tick() {
  document.querySelectorAll("[data-countdown]").forEach((el) => {
    const scope = el.closest("[data-ended]") || document.body;
    el.textContent = countdownText(el.getAttribute("datetime"), { ended: scope.dataset.ended || "—", days: scope.dataset.days || "d" });
  });
}
if (document.querySelector("[data-countdown]")) {
  tick();
  setInterval(tick, 1000);
}

function cookie(name) {
  const hit = document.cookie.split("; ").find((part) => part.startsWith(name + "="));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : "";
}

const root = document.querySelector("[data-auction]");
if (root) {
  const id = root.dataset.auction;
  const field = (name) => root.querySelector(`[data-field="${name}"]`);
  const outbid = root.querySelector("[data-outbid-notice]");
  let leading = Boolean(field("leader") && !field("leader").hidden);
  if (outbid) {
    outbid.addEventListener("click", () => {
      outbid.hidden = true;
      const input = root.querySelector("#bid-amount");
      if (input) { input.scrollIntoView({ block: "center" }); input.focus(); }
    });
  }
  const form = root.querySelector("[data-bid-form]");
  let minimum = form && form.dataset.minimum ? Number(form.dataset.minimum) : null;
  // The bid history follows the price: when the number of bids moves, its rows are read again.
  const historyRows = root.querySelector("[data-history-rows]");
  let bidsSeen = field("bids_count") ? Number(field("bids_count").textContent) : 0;
  const when = (iso) => { const d = new Date(iso); return `${two(d.getDate())}.${two(d.getMonth() + 1)} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`; };
  const refreshHistory = () => {
    if (!historyRows) return;
    fetch(historyRows.dataset.api, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : null))
      .then((rows) => {
        if (!rows) return;
        historyRows.replaceChildren(...rows.map((row) => {
          const tr = document.createElement("tr");
          for (const text of [row.bidder, `${money.format(Number(row.price))} lei`, when(row.timestamp)]) {
            const td = document.createElement("td");
            td.textContent = text;
            tr.append(td);
          }
          return tr;
        }));
        historyRows.closest("table").hidden = rows.length === 0;
        const empty = root.querySelector("[data-history-empty]");
        if (empty) empty.hidden = rows.length > 0;
      })
      .catch(() => undefined);
  };
  const apply = (data) => {
    if (data.price != null && field("price")) field("price").textContent = money.format(Number(data.price));
    const barPrice = document.querySelector('[data-field="bar_price"]');
    if (data.price != null && barPrice) barPrice.textContent = money.format(Number(data.price));
    if (data.minimum_bid != null) minimum = Number(data.minimum_bid);
    if (data.bids_count != null && Number(data.bids_count) !== bidsSeen) {
      bidsSeen = Number(data.bids_count);
      refreshHistory();
    }
    if (data.bids_count != null && field("bids_count")) field("bids_count").textContent = data.bids_count;
    if (data.minimum_bid != null && field("minimum_bid")) {
      field("minimum_bid").textContent = money.format(Number(data.minimum_bid));
      const input = root.querySelector("#bid-amount");
      if (input) input.placeholder = money.format(Number(data.minimum_bid));
    }
    const end = field("end_time");
    if (end && data.end_time && data.status !== "scheduled") end.setAttribute("datetime", data.end_time);  // soft close moves it
    const reserve = field("reserve");
    if (reserve && "reserve_met" in data) reserve.textContent = data.reserve_met ? reserve.dataset.met : reserve.dataset.notMet;
    const leader = field("leader");
    if (leader && "leader_is_me" in data) leader.hidden = !data.leader_is_me;
    if ("leader_is_me" in data) {
      // The bidder who led is told at once, in the page, when someone else takes the lead.
      if (leading && !data.leader_is_me && data.status === "live" && outbid) {
        outbid.textContent = outbid.dataset.template.replace("{price}", money.format(Number(data.price)));
        outbid.hidden = false;
      } else if (data.leader_is_me && outbid) {
        outbid.hidden = true;
      }
      leading = data.leader_is_me;
    }
    tick();
  };
  // Sticky bid bar (phones): shown while the bid form is out of view.
  const bar = document.querySelector("[data-buybar]");
  if (bar && form && "IntersectionObserver" in window) {
    new IntersectionObserver(([entry]) => bar.classList.toggle("away", entry.isIntersecting)).observe(form);
  }
  const poll = () =>
    fetch(root.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : null))
      .then((data) => data && apply(data))
      .catch(() => undefined);
  let timer = null;
  const startPolling = () => { if (!timer) timer = setInterval(poll, 5000); };
  try {
    const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws/auctions/${id}/`);
    socket.addEventListener("message", (event) => apply(JSON.parse(event.data)));
    socket.addEventListener("close", startPolling);
    socket.addEventListener("error", startPolling);
  } catch (error) {
    startPolling();
  }

  // The same rules as the server's parse_money (marketplace/common/money.py): 1234, 1234,50, 1234.50,
  // 1.234,50 or 1 234,50, ASCII digits only; anything else (1e3, ١٢٣) is null.
  function parseMoney(text) {
    const value = text.trim().replace(/\s*(lei|ron)$/i, "");
    const match = value.match(/^([0-9]+)(?:[.,]([0-9]{1,2}))?$/)
      || value.match(/^([0-9]{1,3}(?:\.[0-9]{3})+),([0-9]{1,2})$/)
      || value.match(/^([0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+)(?:[.,]([0-9]{1,2}))?$/);
    if (!match) return null;
    const whole = match[1].replace(/[^0-9]/g, "");
    if (whole.replace(/^0+/, "").length > 10) return null;
    const amount = Number(`${whole}.${match[2] || "0"}`);
    return amount > 0 ? amount : null;
  }

  const dialog = root.querySelector("[data-bid-confirm]");
  if (form && dialog && typeof dialog.showModal === "function") {
    const error = form.querySelector("[data-bid-error]");
    const outcome = root.querySelector("[data-bid-outcome]");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const amount = parseMoney(form.amount.value);
      error.hidden = true;
      if (amount === null || (minimum !== null && amount < minimum)) {
        // Refused here, before the confirmation: the least acceptable amount is said in full.
        error.textContent = minimum !== null ? form.dataset.tooLow.replace("{minimum}", money.format(minimum)) : form.dataset.notAmount;
        error.hidden = false;
        form.amount.setAttribute("aria-invalid", "true");
        form.amount.focus();
        return;
      }
      form.amount.removeAttribute("aria-invalid");
      dialog.querySelector("[data-confirm-amount]").textContent = money.format(amount);
      dialog.returnValue = "";
      dialog.showModal();
    });
    dialog.addEventListener("close", async () => {
      if (dialog.returnValue !== "confirm") return;
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        const response = await fetch(form.dataset.api, {
          method: "POST", credentials: "same-origin",
          headers: { Accept: "application/json", "Content-Type": "application/json", "X-CSRFToken": cookie("csrftoken") },
          body: JSON.stringify({ amount: form.amount.value.trim() }),  // the server reads it (marketplace/common/money.py)
        });
        const data = await response.json().catch(() => ({}));
        if (response.status === 401) { location.href = `/accounts/login/?next=${encodeURIComponent(location.pathname)}`; return; }
        if (!response.ok) {
          error.textContent = data.message || response.statusText;
          error.hidden = false;
          return;
        }
        apply(data);
        outcome.textContent = data.outcome_label || "";
        outcome.hidden = !outcome.textContent;
        form.amount.value = "";
      } catch (e) {
        form.submit();  // no API: the plain form does the same through place_bid
      } finally {
        button.disabled = false;
      }
    });
  }
}
