// Enhancement only: "Copy link" beside each update's permalink, "Copy" under each citation.
// Everything on the page works without this script (the citations are selectable text).
(function () {
  "use strict";

  // A long live blog is split into pages: a link to an #anchor that is on another page of
  // this view (an old link, from before the split) goes there. Without this script, the
  // update's permalink page and the pages' list are the way to it.
  var map = document.querySelector("[data-anchor-map]");
  function follow() {
    var wanted = decodeURIComponent(window.location.hash.slice(1));
    if (!map || !wanted || document.getElementById(wanted) || !window.fetch || !window.URL) return;
    var source = new URL(map.getAttribute("data-anchor-map"), window.location.href);
    window.fetch(source).then(function (response) {
      return response.ok ? response.json() : {};
    }).then(function (where) {
      var page = (where[map.getAttribute("data-view")] || {})[wanted];
      if (page !== undefined) {
        var target = new URL(page, source);
        target.hash = wanted;
        if (target.href !== window.location.href) window.location.replace(target.href);
      }
    }).catch(function () {});
  }
  follow();
  window.addEventListener("hashchange", follow);

  if (!navigator.clipboard || !window.URL) return;

  function copyButton(className, label, text) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = className;
    button.textContent = label;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(text()).then(function () {
        button.textContent = "Copied";
        window.setTimeout(function () { button.textContent = label; }, 2000);
      }, function () {
        button.textContent = "Copy failed";
      });
    });
    return button;
  }

  document.querySelectorAll("article.update[id] .update-header").forEach(function (header) {
    var article = header.closest("article.update");
    header.appendChild(copyButton("copy-link", "Copy link", function () {
      var url = new URL(window.location.href);
      url.hash = article.id;
      return url.toString();
    }));
  });

  document.querySelectorAll(".cite-value[id]").forEach(function (value) {
    var button = copyButton("copy-citation", "Copy", function () {
      return value.textContent.trim();
    });
    button.setAttribute("aria-label", "Copy the " + (value.getAttribute("data-copy-label") || "citation"));
    button.setAttribute("aria-describedby", value.id);
    value.insertAdjacentElement("afterend", button);
  });
})();
