// The search page: Pagefind's own UI (served from this site's /pagefind/), started with
// the query of the address (?q=…, as the header's search box sends it) and an order
// (?sort=newest|oldest; best match by default). Without this script the page shows its
// fallback: a link to the archive index.
//
// The index is in shards, each a Pagefind bundle of its own covering a period, oldest
// first (/pagefind/shards.json; generator/site/search.py): the UI merges them. Sorted by
// date, shard i is weighted B^i (B: one more than the largest shard's pages), so that
// every result of a later shard outranks every result of an earlier one: Pagefind scores
// a sorted result by its place in its own shard's order.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root || typeof window.PagefindUI !== "function" || !window.fetch) return;
  var params = new URLSearchParams(window.location.search);
  var order = params.get("sort") || "";
  var sorts = { newest: { date: "desc" }, oldest: { date: "asc" } };
  var bundle = new URL(root.getAttribute("data-bundle"), window.location.href).pathname;
  var select = document.getElementById("search-order");

  function address(term, sort) {
    var next = new URLSearchParams();
    if (term) next.set("q", term);
    if (sort) next.set("sort", sort);
    var query = next.toString();
    return window.location.pathname + (query ? "?" + query : "");
  }

  function start(shards) {
    var base = 1 + shards.reduce(function (most, s) { return Math.max(most, s.pages); }, 0);
    var ui = new window.PagefindUI({
      element: "#search",
      bundlePath: bundle,
      mergeIndex: shards.map(function (shard, i) {
        return { bundlePath: bundle + shard.path, indexWeight: sorts[order] ? Math.pow(base, i) : 1 };
      }),
      showSubResults: false,
      showImages: false,
      excerptLength: 30,
      pageSize: 10,
      sort: sorts[order] || null,
      translations: { placeholder: "Search every update" },
    });
    document.getElementById("search-fallback").hidden = true;
    document.getElementById("search-controls").hidden = false;
    select.value = sorts[order] ? order : "";
    // The address follows the query, so that a result's Back button returns to it.
    var input = root.querySelector("input");
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
  }

  window.fetch(bundle + "shards.json")
    .then(function (response) { return response.json(); })
    .then(function (manifest) { start(manifest.shards); });
})();
