// The checkout's locker choice, searchable on a phone: a search box above each locker list keeps only
// the lockers whose town, name or address holds every word typed (diacritics optional). Without
// JavaScript the list is still a plain, complete select.
const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

for (const select of document.querySelectorAll("select[data-locker-select]")) {
  const all = [];
  for (const group of select.querySelectorAll("optgroup")) {
    for (const option of group.querySelectorAll("option")) {
      all.push({ value: option.value, text: option.textContent, group: group.label, key: fold(`${group.label} ${option.textContent}`) });
    }
  }
  const empty = select.querySelector('option[value=""]');
  const search = document.createElement("input");
  search.type = "search";
  search.placeholder = select.dataset.searchLabel || "";
  search.setAttribute("aria-label", select.dataset.searchLabel || "");
  search.autocomplete = "off";
  search.className = "locker-search";
  select.before(search);

  function render(query) {
    const words = fold(query).split(/\s+/).filter(Boolean);
    const chosen = select.value;
    const shown = all.filter((o) => words.every((w) => o.key.includes(w)) || o.value === chosen);
    select.replaceChildren();
    if (empty) select.append(empty);
    let group = null;
    for (const o of shown) {
      if (!group || group.label !== o.group) {
        group = document.createElement("optgroup");
        group.label = o.group;
        select.append(group);
      }
      const option = new Option(o.text, o.value, false, o.value === chosen);
      group.append(option);
    }
    if (words.length && shown.length === 1 && !chosen) select.value = shown[0].value;
  }
  search.addEventListener("input", () => render(search.value));
}
