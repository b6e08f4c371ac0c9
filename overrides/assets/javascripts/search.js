/* Header search over the Pagefind index of this edition. The index is loaded on first use. */
(function () {
  "use strict";
  var box = document.querySelector("[data-gl-search]");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  var input = box.querySelector(".md-search__input");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var indexUrl = new URL(box.getAttribute("data-gl-search"), location.href);
  var engine = null;
  var latest = 0;

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind.js", indexUrl).href).then(function (pagefind) {
        return pagefind.options({ baseUrl: new URL("../", indexUrl).pathname }).then(function () {
          return pagefind;
        });
      });
    }
    return engine;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function renderResult(data) {
    var item = element("li", "md-search-result__item");
    var link = element("a", "md-search-result__link");
    link.href = data.url;
    var article = element("article", "md-search-result__article md-typeset");
    article.appendChild(element("h1", null, data.meta.title));
    var excerpt = element("p");
    excerpt.innerHTML = data.excerpt; // Pagefind escapes the page text; only <mark> is markup
    article.appendChild(excerpt);
    link.appendChild(article);
    item.appendChild(link);
    (data.sub_results || []).filter(function (sub) { return sub.title !== data.meta.title; })
      .slice(0, 3).forEach(function (sub) {
        var section = element("a", "md-search-result__link");
        section.href = sub.url;
        var body = element("article", "md-search-result__article md-typeset gl-search__section");
        body.appendChild(element("h2", null, sub.title));
        var text = element("p");
        text.innerHTML = sub.excerpt;
        body.appendChild(text);
        section.appendChild(body);
        item.appendChild(section);
      });
    return item;
  }

  function search(query) {
    var ticket = ++latest;
    if (!query.trim()) {
      meta.textContent = "キーワードを入力してください";
      list.replaceChildren();
      return;
    }
    load().then(function (pagefind) {
      return pagefind.search(query);
    }).then(function (found) {
      return Promise.all(found.results.slice(0, 10).map(function (r) { return r.data(); }))
        .then(function (pages) { return { total: found.results.length, pages: pages }; });
    }).then(function (result) {
      if (ticket !== latest) return; // a newer query has been typed meanwhile
      meta.textContent = result.total ? result.total + " 件見つかりました" : "見つかりませんでした";
      list.replaceChildren.apply(list, result.pages.map(renderResult));
      list.dataset.query = query; // which query the list shows
    }).catch(function () {
      meta.textContent = "検索を利用できません（索引を読み込めませんでした）";
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 150);
  });
  input.addEventListener("focus", function () {
    toggle.checked = true;
    load();
  });
  toggle.addEventListener("change", function () {
    if (toggle.checked) input.focus();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.checked) {
      toggle.checked = false;
      input.blur();
    }
  });
})();
