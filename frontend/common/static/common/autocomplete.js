/* Search suggestions as you type: progressive enhancement of the plain search form.
 * Without this script the form still submits to /search/. The input names the suggestion
 * API in data-autocomplete; suggestions form an ARIA combobox/listbox (arrow keys, Enter,
 * Escape), and following one goes to the product, category or brand search. */
(function () {
  "use strict";
  var DELAY_MS = 150;

  function setup(input) {
    var api = input.getAttribute("data-autocomplete");
    var productUrl = input.getAttribute("data-product-url");   // ".../p/0/"
    var searchUrl = input.form.getAttribute("action");
    var english = (document.documentElement.lang || "").indexOf("en") === 0;
    var list = document.createElement("ul");
    var timer = null, controller = null, items = [], active = -1;

    list.id = input.id + "-suggestions";
    list.className = "autocomplete-list";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.parentNode.classList.add("autocomplete");
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");

    function close() {
      list.hidden = true; list.innerHTML = ""; items = []; active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      items.forEach(function (item, i) { item.el.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (index >= 0) input.setAttribute("aria-activedescendant", items[index].el.id);
    }

    function show(data) {
      close();
      var entries = [];
      data.products.forEach(function (p) {
        entries.push({ label: (english && p.title_en) || p.title, url: productUrl.replace("/0/", "/" + p.id + "/") });
      });
      data.categories.forEach(function (c) {
        entries.push({ label: c.name, hint: "(" + c.count + ")", url: searchUrl + "?category=" + c.id });
      });
      data.brands.forEach(function (b) {
        entries.push({ label: b.name, hint: "(" + b.count + ")", url: searchUrl + "?q=" + encodeURIComponent(b.name) });
      });
      entries.forEach(function (entry, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.textContent = entry.label + (entry.hint ? " " + entry.hint : "");
        li.addEventListener("mousedown", function (event) { event.preventDefault(); window.location.href = entry.url; });
        list.appendChild(li);
        items.push({ el: li, url: entry.url });
      });
      if (items.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
    }

    function fetchSuggestions() {
      var text = input.value.trim();
      if (text.length < 2) { close(); return; }
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      fetch(api + "?size=6&q=" + encodeURIComponent(text), { headers: { Accept: "application/json" }, signal: controller && controller.signal })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data && input.value.trim() === text) show(data); })
        .catch(function () { /* typing on, or the engine is away: the plain search still works */ });
    }

    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(fetchSuggestions, DELAY_MS); });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % items.length); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active <= 0 ? items.length - 1 : active - 1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); window.location.href = items[active].url; }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  document.querySelectorAll("input[data-autocomplete]").forEach(setup);
})();
