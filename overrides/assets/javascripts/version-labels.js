// The edition selector in Japanese (see overrides/partials/version-labels.html).
(function () {
  "use strict";
  var labels = {};
  labels[document.currentScript.getAttribute("data-default")] = "最新";
  var topic = document.querySelector(".md-header__topic");
  if (!topic) return;

  function relabel(selector) {
    selector.querySelectorAll(".md-version__alias").forEach(function (alias) {
      var label = labels[alias.textContent.trim()];
      if (label) alias.textContent = label;
    });
    var current = selector.querySelector(".md-version__current");
    current.setAttribute("aria-label", current.textContent.trim() + "（版の切替え）");
  }

  var observer = new MutationObserver(function () {
    var selector = topic.querySelector(".md-version");
    if (selector) { observer.disconnect(); relabel(selector); }
  });
  observer.observe(topic, { childList: true });
})();
