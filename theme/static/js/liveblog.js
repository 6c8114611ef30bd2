// Enhancement only: a "Copy link" button beside each update's permalink.
// Everything on the page works without this script.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.URL) return;
  document.querySelectorAll("article.update[id] .update-header").forEach(function (header) {
    var article = header.closest("article.update");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-link";
    button.textContent = "Copy link";
    button.addEventListener("click", function () {
      var url = new URL(window.location.href);
      url.hash = article.id;
      navigator.clipboard.writeText(url.toString()).then(function () {
        button.textContent = "Link copied";
        window.setTimeout(function () { button.textContent = "Copy link"; }, 2000);
      }, function () {
        button.textContent = "Copy failed";
      });
    });
    header.appendChild(button);
  });
})();
