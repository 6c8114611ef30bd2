// The search page: Pagefind's own UI (served from this site's /pagefind/), started with
// the query of the address (?q=…, as the header's search box sends it) and an order
// (?sort=newest|oldest; best match by default). Without this script the page shows its
// fallback: a link to the archive index.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || typeof window.PagefindUI !== "function") return;
  var params = new URLSearchParams(window.location.search);
  var order = params.get("sort") || "";
  var sorts = { newest: { date: "desc" }, oldest: { date: "asc" } };
  var bundle = new URL(root.getAttribute("data-bundle"), window.location.href).pathname;
  var ui = new window.PagefindUI({
    element: "#search",
    bundlePath: bundle,
    showSubResults: false,
    showImages: false,
    excerptLength: 30,
    pageSize: 10,
    sort: sorts[order] || null,
    translations: { placeholder: "Search every update" },
  });
  document.getElementById("search-fallback").hidden = true;
  var controls = document.getElementById("search-controls");
  var select = document.getElementById("search-order");
  controls.hidden = false;
  select.value = sorts[order] ? order : "";
  // The address follows the query, so that a result's Back button returns to it.
  var input = root.querySelector("input");
  function address(term, sort) {
    var next = new URLSearchParams();
    if (term) next.set("q", term);
    if (sort) next.set("sort", sort);
    var query = next.toString();
    return window.location.pathname + (query ? "?" + query : "");
  }
  if (input) {
    input.addEventListener("input", function () {
      window.history.replaceState(null, "", address(input.value, select.value));
    });
  }
  select.addEventListener("change", function () {
    window.location.assign(address(input ? input.value : params.get("q"), select.value));
  });
  var term = params.get("q");
  if (term) ui.triggerSearch(term);
})();
