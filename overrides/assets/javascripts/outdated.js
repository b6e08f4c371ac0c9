// Shows the "not the latest edition" banner without waiting for the theme's script. The
// theme's own version builds URL(base_url) without a base, which throws for the relative
// base_url of MkDocs 1.6 on every page. The base comes from the script's data-base attribute.
(function () {
  var banner = document.querySelector("[data-md-component=outdated]");
  var base = new URL(document.currentScript.getAttribute("data-base"), location.href);
  if (banner && __md_get("__outdated", sessionStorage, base) === true) banner.hidden = false;
})();
