/* The site's own scripts, in one file so that a page fetches them once:
   1. the edition selector in Japanese, 2. the "not the latest edition" banner,
   3. checklists that remember their ticks and 4. the task table's place filter,
   5. the menu and search buttons and the navigation drawer, from the keyboard too,
   6. the header search over the Pagefind index.
   Each part finds its elements and does nothing on a page without them; without JavaScript
   the content still reads as plain HTML. Values from the page come from this script
   element's data- attributes: the site's Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  var script = document.currentScript;
  /* ---- 1. The edition selector in Japanese ----
     The theme's selector names the edition an alias points to with the alias itself
     (`latest`, in English) and gives its button an English-style label that hides the
     edition's name from screen readers. It is drawn once versions.json arrives. */
  (function () {
    var alias = script.getAttribute("data-default");
    var topic = document.querySelector(".md-header__topic");
    if (!alias || !topic) return; // the preview has no selector
    var labels = {};
    labels[alias] = "最新";

    function relabel(selector) {
      selector.querySelectorAll(".md-version__alias").forEach(function (node) {
        var label = labels[node.textContent.trim()];
        if (label) node.textContent = label;
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

  /* ---- 2. The "not the latest edition" banner ----
     Shown from what the theme remembered in this session, without waiting for
     versions.json. The theme's own inline version builds URL(base_url) without a base, which
     throws for the relative base_url of MkDocs 1.6. */
  (function () {
    var banner = document.querySelector("[data-md-component=outdated]");
    if (!banner || typeof __md_get !== "function") return;
    var base = new URL(script.getAttribute("data-base"), location.href);
    if (__md_get("__outdated", sessionStorage, base) === true) banner.hidden = false;
  })();
  /* ---- 3. Checklists ----
     Ticks are kept in this browser (localStorage), per edition: an item of one edition is not
     the same promise as an item worded alike in another, and visiting one edition never
     changes another's ticks. A record is {items: [the ticked items' words], changed: ISO time};
     it is written only when the reader ticks, unticks or clears. Other tabs follow along. */
  var CHECKLIST_KEY = "telework-guideline:" + (script.getAttribute("data-edition") || "") + ":checklist:";
  var LEGACY_KEY = "telework-guideline:checklist:"; // the one record all editions shared before
  var WHEN = new Intl.DateTimeFormat("ja-JP", { dateStyle: "long", timeStyle: "short" });

  function readTicks(key) {
    try {
      var stored = JSON.parse(localStorage.getItem(key) || "null");
      if (Array.isArray(stored)) return { items: stored, changed: null };
      if (stored && Array.isArray(stored.items)) return { items: stored.items, changed: stored.changed || null };
    } catch (e) { /* storage off or unreadable: nothing ticked */ }
    return null;
  }

  /* The ticks of this edition; the first time, those kept before ticks were per edition move here. */
  function ticksOf(id) {
    var own = readTicks(CHECKLIST_KEY + id);
    if (own) return own;
    var legacy = readTicks(LEGACY_KEY + id);
    if (!legacy) return { items: [], changed: null };
    try {
      localStorage.setItem(CHECKLIST_KEY + id, JSON.stringify(legacy));
      localStorage.removeItem(LEGACY_KEY + id);
    } catch (e) { /* kept where it was */ }
    return legacy;
  }

  function setUpChecklist(list) {
    var id = list.getAttribute("data-checklist");
    var boxes = Array.prototype.slice.call(list.querySelectorAll("input[type=checkbox]"));
    var actions = list.querySelector(".gl-checklist__actions");
    var status = list.querySelector(".gl-checklist__status");
    var saved = document.createElement("p");
    saved.className = "gl-checklist__saved";
    actions.after(saved);

    function item(box) { return box.getAttribute("data-item"); }

    function show(ticks) {
      boxes.forEach(function (box) { box.checked = ticks.items.indexOf(item(box)) !== -1; });
      var count = boxes.filter(function (box) { return box.checked; }).length;
      status.textContent = count + " / " + boxes.length + " 項目を確認済み";
      saved.textContent = "チェックは、この版のものとして、このブラウザーにだけ保存されます（ほかの端末やブラウザーからは見えません）。" +
        (ticks.changed ? "最終変更：" + WHEN.format(new Date(ticks.changed)) : "まだチェックしていません。");
    }

    function save() {
      var here = boxes.map(item);
      // Items not on this page (none, unless the checklist changed) keep their ticks.
      var items = ticksOf(id).items.filter(function (words) { return here.indexOf(words) === -1; })
        .concat(boxes.filter(function (box) { return box.checked; }).map(item));
      var ticks = { items: items, changed: new Date().toISOString() };
      try {
        localStorage.setItem(CHECKLIST_KEY + id, JSON.stringify(ticks));
      } catch (e) {
        saved.textContent = "このブラウザーでは、チェックを保存できません（プライベートブラウズなど）。";
        return;
      }
      show(ticks);
    }

    boxes.forEach(function (box) { box.addEventListener("change", save); });
    list.querySelector(".gl-checklist__clear").addEventListener("click", function () {
      boxes.forEach(function (box) { box.checked = false; });
      save();
    });
    window.addEventListener("storage", function (event) {
      if (event.key === CHECKLIST_KEY + id) show(ticksOf(id));
    });
    actions.hidden = false;
    show(ticksOf(id));
  }

  /* ---- 4. The task table's place filter ---- */
  function setUpTaskTable(tasks) {
    var filter = tasks.querySelector(".gl-tasks__filter");
    var rows = tasks.querySelectorAll("tbody tr");
    var status = tasks.querySelector(".gl-tasks__status");
    filter.addEventListener("change", function (event) {
      var place = event.target.value;
      var name = event.target.closest("label").textContent.trim(); // as the reader chose it
      var shown = 0;
      rows.forEach(function (row) {
        var match = !place || row.getAttribute("data-places").split(" ").indexOf(place) !== -1;
        row.hidden = !match;
        if (match) shown += 1;
      });
      status.textContent = place ? name + "でできる業務：" + shown + " 件" : "";
    });
    filter.hidden = false;
  }

  function setUpBlocks() {
    document.querySelectorAll(".gl-checklist").forEach(setUpChecklist);
    document.querySelectorAll(".gl-tasks").forEach(setUpTaskTable);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpBlocks);
  } else {
    setUpBlocks();
  }
  /* ---- 5. The menu and search buttons, and the navigation drawer from the keyboard ----
     The theme opens the drawer (and, on a narrow screen, the search) from <label>s of hidden
     checkboxes, which no key reaches. Here they become buttons that say whether they are open
     (without JavaScript the labels still work with a pointer). The open drawer is modal: focus
     moves into it, the rest of the page is inert, Escape or its close button closes it, and
     focus goes back to the menu button. Closed, CSS keeps it out of the Tab order. */
  var DRAWER_WIDTHS = window.matchMedia("(max-width: 76.234375em)"); // where the navigation is a drawer

  function setToggle(toggle, on) {
    if (toggle.checked === on) return;
    toggle.checked = on;
    toggle.dispatchEvent(new Event("change")); // as the theme does: it listens for this
  }

  /* The header's label for `id` as a button named `name`; null if the page has none. */
  function headerButton(id, name) {
    var toggle = document.getElementById(id);
    var label = document.querySelector('.md-header label.md-header__button[for="' + id + '"]');
    if (!toggle || !label) return null;
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className;
    button.setAttribute("data-gl-for", id);
    button.setAttribute("aria-label", name);
    button.setAttribute("aria-expanded", String(toggle.checked));
    while (label.firstChild) button.appendChild(label.firstChild);
    label.replaceWith(button);
    button.addEventListener("click", function () { setToggle(toggle, !toggle.checked); });
    toggle.addEventListener("change", function () { button.setAttribute("aria-expanded", String(toggle.checked)); });
    return button;
  }

  var menuButton = headerButton("__drawer", "メニュー");
  var searchButton = headerButton("__search", "検索");

  (function () {
    var toggle = document.getElementById("__drawer");
    var drawer = document.querySelector(".md-sidebar--primary");
    var nav = drawer && drawer.querySelector(".md-nav--primary");
    if (!toggle || !menuButton || !nav) return;
    var close = document.createElement("button");
    close.type = "button";
    close.className = "gl-drawer__close md-icon";
    close.setAttribute("aria-label", "メニューを閉じる");
    close.appendChild(icon("M19 6.41 17.59 5 12 10.59 6.41 5 5 6.41 10.59 12 5 17.59 6.41 19 12 13.41 17.59 19 19 17.59 13.41 12z"));
    close.addEventListener("click", function () { setToggle(toggle, false); });
    nav.insertBefore(close, nav.firstChild);
    var inerted = [];

    /* Everything on the page beside the drawer (and the overlay that closes it) becomes inert. */
    function isolate() {
      for (var node = drawer; node && node !== document.body; node = node.parentElement) {
        Array.prototype.forEach.call(node.parentElement.children, function (sibling) {
          if (sibling === node || sibling.inert || sibling.matches(".md-overlay, .md-toggle, script")) return;
          sibling.inert = true;
          inerted.push(sibling);
        });
      }
    }

    function release() {
      inerted.forEach(function (node) { node.inert = false; });
      inerted = [];
    }

    toggle.addEventListener("change", function () {
      if (toggle.checked && DRAWER_WIDTHS.matches) {
        isolate();
        close.focus();
        return;
      }
      var focused = document.activeElement;
      release();
      if (!focused || focused === document.body || drawer.contains(focused)) {
        // A link to a section of this page: focus goes where it leads; else back to the menu button.
        var here = focused && focused.hash && focused.pathname === location.pathname &&
          document.getElementById(decodeURIComponent(focused.hash.slice(1)));
        if (here) {
          if (!here.hasAttribute("tabindex")) here.setAttribute("tabindex", "-1");
          here.focus({ preventScroll: true });
        } else {
          menuButton.focus();
        }
      }
    });
    // A link followed closes the drawer (the theme leaves it open over a section of this page).
    drawer.addEventListener("click", function (event) {
      if (event.target.closest("a[href]") && toggle.checked) setToggle(toggle, false);
    });
    DRAWER_WIDTHS.addEventListener("change", function () {
      if (!DRAWER_WIDTHS.matches) { release(); setToggle(toggle, false); }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked) {
        event.preventDefault();
        setToggle(toggle, false);
      }
    });
  })();

  function icon(path) {
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    var shape = document.createElementNS("http://www.w3.org/2000/svg", "path");
    shape.setAttribute("d", path);
    svg.appendChild(shape);
    return svg;
  }

  /* ---- 6. Header search over the Pagefind index of this edition, in staff's own words ----
     Nothing is fetched until the box is used; then the index and the word families of the
     terms dictionary (pagefind/terms.json). A query is folded (NFKC, lower case), split into
     words without particles, and each dictionary word searched as every word of its family.
     Words that match nothing are left out (and the reader told); results open at the section
     that answers best. */
  (function () {
    var box = document.querySelector("[data-gl-search]");
    var toggle = document.getElementById("__search");
    if (!box || !toggle) return;
    var input = box.querySelector(".md-search__input");
    var meta = box.querySelector(".md-search-result__meta");
    var list = box.querySelector(".md-search-result__list");
    var indexUrl = new URL(box.getAttribute("data-gl-search"), location.href);
    var siteUrl = new URL("../", indexUrl);
    var preview = box.hasAttribute("data-gl-search-preview");
    var engine = null;
    var latest = 0;

    var PAGES = 10;          // results shown
    var RANKED = PAGES;      // results whose sections are read to rank them (each costs a fetch)
    var COMBINATIONS = 8;    // searches per query when words have several spellings
    var FEW = 3;             // fewer full matches than this, and partial matches follow them
    // Words too common to search for on their own: particles, auxiliaries, question words.
    var STOP = new Set(("は が を に で と も の へ や か な ね よ から まで より など ため とき こと もの " +
      "よう ところ これ それ あれ どう どの どんな どこ どれ なに 何 いつ 誰 だれ いい よい する した して " +
      "します しない できる できます できますか できません ある あります ありますか いる います です でき " +
      "ます ですか ますか ください たい てる なる なっ なり ない なく たら れる られる せる させる って " +
      "という について において ので のに けど けれど だけ ほど くらい ぐらい でも また および 及び 場合 " +
      "しかた 仕方 やり方 方 中 時 等 的 点").split(" "));

    function fold(text) {
      return text.normalize("NFKC").toLowerCase();
    }

    function load() {
      if (!engine) {
        var pagefind = import(new URL("pagefind.js", indexUrl).href).then(function (module) {
          return module.options({ baseUrl: siteUrl.pathname }).then(function () {
            return module.init(); // starts the index loading while the reader types
          }).then(function () { return module; });
        });
        var families = fetch(new URL("terms.json", indexUrl)).then(function (response) {
          return response.ok ? response.json() : { families: [] };
        }).catch(function () { return { families: [] }; });
        engine = Promise.all([pagefind, families]).then(function (loaded) {
          return { pagefind: loaded[0], words: dictionary(loaded[1].families) };
        });
        engine.catch(function () { engine = null; }); // a later search tries again
      }
      return engine;
    }

    function dictionary(families) {
      var words = new Map();
      var longest = 0;
      families.forEach(function (family) {
        family.forEach(function (word) {
          words.set(word, family);
          longest = Math.max(longest, word.length);
        });
      });
      return { family: words, longest: longest };
    }

    var segmenter = new Intl.Segmenter("ja", { granularity: "word" });

    /* Not a particle, a single kana or short hiragana (なっ, はい); the dictionary's own words,
       such as けが, are found before this test. */
    function isSearchable(word) {
      return !STOP.has(word) && !/^[\u3040-\u30ff\u30fc]$/.test(word) && !/^[\u3040-\u309f]{1,2}$/.test(word) &&
        /[\p{L}\p{N}]/u.test(word);
    }

    /* The searchable words of free text, as the segmenter splits it. */
    function plainWords(text) {
      var words = [];
      for (var piece of segmenter.segment(text)) {
        if (piece.isWordLike && isSearchable(piece.segment)) words.push(piece.segment);
      }
      return words;
    }

    /* The query as word groups: {word, spellings}. Dictionary words are found first,
       longest match, so that 持ち出し or 時間外勤務 stay whole. */
    function wordGroups(query, words) {
      var text = fold(query);
      var groups = [];
      var rest = "";
      function flush() {
        plainWords(rest).forEach(function (word) { groups.push({ word: word, spellings: [word] }); });
        rest = "";
      }
      for (var at = 0; at < text.length;) {
        var found = null;
        for (var size = Math.min(words.longest, text.length - at); size > 0 && !found; size--) {
          if (words.family.has(text.substr(at, size))) found = text.substr(at, size);
        }
        if (found) {
          flush();
          var family = words.family.get(found);
          groups.push({ word: found, spellings: [found].concat(family.filter(function (w) { return w !== found; })) });
          at += found.length;
        } else {
          rest += text[at++];
        }
      }
      flush();
      return groups;
    }

    /* Every way of spelling the query, the typed spelling first, at most COMBINATIONS. */
    function spellings(groups) {
      var combinations = [[]];
      groups.forEach(function (group) {
        var next = [];
        combinations.forEach(function (start) {
          group.spellings.forEach(function (word) { next.push(start.concat([word])); });
        });
        combinations = next.slice(0, COMBINATIONS);
      });
      return combinations.map(function (words) {
        // a dictionary word such as 具合が悪い loses its particles too
        return words.map(function (word) { return plainWords(word).join(" ") || word; }).join(" ");
      });
    }

    /* Pages matching every group (any spelling of each), best score of any spelling. */
    function searchAll(pagefind, groups) {
      return Promise.all(spellings(groups).map(function (text) { return pagefind.search(text); }))
        .then(function (searches) {
          var pages = new Map();
          searches.forEach(function (found) {
            found.results.forEach(function (result) {
              var known = pages.get(result.id);
              if (!known || known.score < result.score) pages.set(result.id, result);
            });
          });
          return Array.from(pages.values()).sort(function (a, b) { return b.score - a.score; });
        });
    }

    /* Pages matching some groups (each group's own results): the more groups, the higher;
       then by score. */
    function mergeAny(perGroup) {
      var pages = new Map();
      perGroup.forEach(function (results) {
        results.forEach(function (result) {
          var known = pages.get(result.id) || { result: result, groups: 0, score: 0 };
          known.groups += 1;
          known.score += result.score;
          if (known.result.score < result.score) known.result = result;
          pages.set(result.id, known);
        });
      });
      return Array.from(pages.values()).sort(function (a, b) {
        return b.groups - a.groups || b.score - a.score;
      }).map(function (page) { return page.result; });
    }

    /* What to show for a query: {results, partial, more}. Pagefind passes over a word it does not
       know, so each word is looked up on its own first: one that matches nothing makes the
       answer partial, and the reader is told. */
    function answer(loaded, query) {
      var pagefind = loaded.pagefind;
      var groups = wordGroups(query, loaded.words);
      if (!groups.length) return Promise.resolve({ results: [], partial: false, more: [] });
      return Promise.all(groups.map(function (group) { return searchAll(pagefind, [group]); }))
        .then(function (perGroup) {
          var known = groups.filter(function (group, i) { return perGroup[i].length; });
          if (!known.length) return { results: [], partial: false, more: [] };
          var some = mergeAny(perGroup);
          return searchAll(pagefind, known).then(function (together) {
            if (!together.length) return { results: some, partial: true, more: [] };
            // Fewer than FEW pages have every word: pages with some of them follow.
            var ids = new Set(together.map(function (result) { return result.id; }));
            var more = together.length < FEW
              ? some.filter(function (result) { return !ids.has(result.id); }).slice(0, FEW) : [];
            return { results: together, partial: known.length < groups.length, more: more };
          });
        });
    }

    /* A section's weight for the query: the sum of its matched words' scores. */
    function sectionScore(section) {
      return (section.weighted_locations || []).reduce(function (sum, at) {
        return sum + at.balanced_score;
      }, 0);
    }

    /* The page's data with its sections best first; pages ranked by their best section, so a
       long page (the FAQ) ranks by the one answer that matches, as a chapter does. */
    function rank(results) {
      return Promise.all(results.slice(0, RANKED).map(function (result, order) {
        return result.data().then(function (data) {
          var sections = (data.sub_results || []).slice().sort(function (a, b) {
            return sectionScore(b) - sectionScore(a);
          });
          var best = sections.length ? sectionScore(sections[0]) : 0;
          return { data: data, sections: sections, score: best, order: order };
        });
      })).then(function (pages) {
        return pages.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
      });
    }

    /* Pagefind joins a heading or list item to the next text with ". "; in Japanese text that
       is a stray ASCII period. Pagefind splits a kana word again (けが → け, が) and marks the
       pieces wherever they stand; a mark on a piece that is not searchable is taken off.
       Markup in an excerpt is only Pagefind's <mark>. */
    function tidy(excerpt) {
      return excerpt
        .replace(/^[。、.\s]+/, "")
        .replace(/<mark>([^<]*)<\/mark>/g, function (marked, word) {
          return isSearchable(word.trim()) ? marked : word;
        })
        .replace(/([。、？！）」』])(<\/mark>)?\.( |$)/g, "$1$2")
        .replace(/([^\x00-\x7f]|<\/mark>)\.( |$)/g, "$1。");
    }

    /* A section's excerpt opens with (the end of) its heading, already shown above it. */
    function withoutHeading(excerpt, title) {
      var opening = /^(.*?)。/.exec(excerpt);
      if (!opening) return excerpt;
      var words = opening[1].replace(/<[^>]*>/g, "").trim();
      return words && title.trim().endsWith(words) ? excerpt.slice(opening[0].length).trim() : excerpt;
    }

    function element(tag, className, text) {
      var node = document.createElement(tag);
      if (className) node.className = className;
      if (text) node.textContent = text;
      return node;
    }

    function sectionLink(section, pageTitle) {
      var link = element("a", "md-search-result__link");
      link.href = section.url;
      var article = element("article", "md-search-result__article md-typeset");
      article.appendChild(element("h1", null, section.title));
      if (pageTitle) article.appendChild(element("p", "gl-search__page", pageTitle));
      var excerpt = element("p");
      excerpt.innerHTML = withoutHeading(tidy(section.excerpt), section.title); // Pagefind escapes the page text
      article.appendChild(excerpt);
      link.appendChild(article);
      return link;
    }

    function renderResult(page) {
      var item = element("li", "md-search-result__item");
      var title = page.data.meta.title;
      var sections = page.sections.filter(function (section) { return sectionScore(section) > 0; });
      var best = sections[0];
      if (best && best.title !== title) {
        item.appendChild(sectionLink(best, title));
      } else {
        item.appendChild(sectionLink({ url: page.data.url, title: title, excerpt: page.data.excerpt }, null));
      }
      sections.slice(1, 3).filter(function (section) { return section.title !== title; })
        .forEach(function (section) {
          var link = sectionLink(section, null);
          link.firstChild.classList.add("gl-search__section");
          item.appendChild(link);
        });
      return item;
    }

    function hints() {
      var item = element("li", "md-search-result__item gl-search__hints");
      var article = element("div", "md-search-result__article md-typeset");
      article.appendChild(element("p", null, "言葉を変えるか、次のページから探してください。"));
      var links = element("ul");
      [["faq/", "よくある質問"], ["guideline/", "ガイドラインの目次（章の一覧）"]].forEach(function (pair) {
        var entry = element("li");
        var link = element("a", null, pair[1]);
        link.href = new URL(pair[0], siteUrl).href;
        entry.appendChild(link);
        links.appendChild(entry);
      });
      article.appendChild(links);
      item.appendChild(article);
      return item;
    }

    function show(query, found, pages) {
      if (!found.results.length) {
        meta.textContent = "見つかりませんでした";
        list.replaceChildren(hints());
      } else {
        meta.textContent = found.partial
          ? "『" + query.trim() + "』に完全に一致するページはありません。一部の語に一致したページ："
          : found.results.length + " 件見つかりました" + (found.more.length ? "（続けて、一部の語に一致したページ）" : "");
        list.replaceChildren.apply(list, pages.slice(0, PAGES).map(renderResult));
      }
      list.dataset.query = query; // which query the list shows
    }

    function search(query) {
      var ticket = ++latest;
      if (!query.trim()) {
        meta.textContent = "キーワードを入力してください";
        list.replaceChildren();
        delete list.dataset.query;
        return;
      }
      if (preview) {
        meta.textContent = box.getAttribute("data-gl-search-preview");
        return;
      }
      load().then(function (loaded) {
        return answer(loaded, query);
      }).then(function (found) {
        return Promise.all([rank(found.results), rank(found.more)]).then(function (ranked) {
          if (ticket === latest) show(query, found, ranked[0].concat(ranked[1])); // else a newer query was typed
        });
      }).catch(function () {
        if (ticket === latest) meta.textContent = "検索を利用できません（索引を読み込めませんでした）";
      });
    }

    function open() { setToggle(toggle, true); }
    function close() { setToggle(toggle, false); }

    var timer = null;
    input.addEventListener("input", function (event) {
      if (event.isComposing) return; // the IME is still converting
      open();
      clearTimeout(timer);
      timer = setTimeout(function () { search(input.value); }, 80);
    });
    input.addEventListener("compositionend", function () {
      open();
      clearTimeout(timer);
      timer = setTimeout(function () { search(input.value); }, 80);
    });
    // Focus alone (tabbing through) does not open the overlay; it only readies the index.
    input.addEventListener("focus", function () {
      if (!preview) load().catch(function () {});
      if (input.value.trim()) open();
    });
    // Focus moving on past the box closes it (switching to another window does not).
    box.addEventListener("focusout", function () {
      setTimeout(function () {
        if (document.hasFocus() && !box.contains(document.activeElement)) close();
      }, 0);
    });
    toggle.addEventListener("change", function () {
      if (toggle.checked) input.focus();
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked) {
        close();
        input.blur();
      }
    });
  })();
})();
