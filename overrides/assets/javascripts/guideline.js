/* The site's own scripts, in one file so that a page fetches them once:
   1. the edition selector in Japanese, 2. the "not the latest edition" banner,
   3. checklists that remember their ticks and 4. the task table's place filter,
   5. the menu and search buttons and the navigation drawer, from the keyboard too,
   6. the header search over the Pagefind index, 7. the searched words marked on the page opened.
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
  var when = null; // made when first needed: loading a locale's data costs a page load milliseconds

  function changedAt(iso) {
    when = when || new Intl.DateTimeFormat("ja-JP", { dateStyle: "long", timeStyle: "short" });
    return when.format(new Date(iso));
  }

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
        (ticks.changed ? "最終変更：" + changedAt(ticks.changed) : "まだチェックしていません。");
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
     The index, every page's text and the word families of the terms dictionary
     (pagefind/terms.json) are fetched once the page has loaded and the browser is idle, or
     when the reader points at the search: the first search then fetches nothing. A query is
     folded (NFKC, lower case) and read as the dictionary's words first, then the segmenter's
     words without particles or lone kanji; each dictionary word is searched as every word of
     its family. Only whole matches count (see answer); words that match nothing are left out
     (and the reader told); results open at the section that answers best. The panel names
     the edition searched, and from an older edition offers the latest. Keyboard: / or s to
     the box, arrows through the results, Escape back to where focus was. */
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
    var searching = 0;       // searches under way

    var PAGES = 10;          // results shown
    var FEW = 3;             // fewer full matches than this, and partial matches follow them
    var PARTIAL = 0.2;       // the weight of a section that shows a word only in part
    var HEADING = 3;         // a query word in a section's heading or the page's title adds this (by its rarity)
    // Words too common to search for on their own: particles, auxiliaries, question words.
    var STOP = new Set(("は が を に で と も の へ や か な ね よ から まで より など ため とき こと もの " +
      "よう ところ これ それ あれ どう どの どんな どこ どれ なに 何 いつ 誰 だれ いい よい する した して " +
      "します しない できる できます できますか できません ある あります ありますか いる います です でき " +
      "ます ですか ますか ください たい てる なる なっ なり ない なく たら れる られる せる させる って " +
      "という について において ので のに けど けれど だけ ほど くらい ぐらい でも また および 及び 場合 " +
      "しかた 仕方 やり方 方 中 時 等 的 点").split(" "));
    var KANJI = /^[\p{Script=Han}々]$/u;

    function whenIdle(task) {
      if (window.requestIdleCallback) window.requestIdleCallback(task, { timeout: 1000 });
      else setTimeout(task, 100);
    }

    function fold(text) {
      return text.normalize("NFKC").toLowerCase();
    }

    function load() {
      if (!engine) {
        // The segmenter's dictionary loads while Pagefind starts, not when the first search needs it.
        setTimeout(wordSegmenter, 0);
        var pagefind = import(new URL("pagefind.js", indexUrl).href).then(function (module) {
          // Pagefind runs in a worker of its own: reading the index ahead does not hold up the page.
          return module.options({ baseUrl: siteUrl.pathname }).then(function () {
            return module.init();
          }).then(function () { return module; });
        });
        var families = fetch(new URL("terms.json", indexUrl)).then(function (response) {
          return response.ok ? response.json() : { families: [] };
        }).catch(function () { return { families: [] }; });
        engine = Promise.all([pagefind, families]).then(function (loaded) {
          var ready = { pagefind: loaded[0], words: dictionary(loaded[1].families), all: null, count: 0 };
          // Every page of the edition (and the whole index) read ahead when the browser is idle
          // and no search is waiting for it; searches before that read the pages they find.
          // One page at a time, giving way to any search.
          var pages = [];
          function readFrom(results, at) {
            if (at === results.length) {
              ready.all = pages;
              box.setAttribute("data-gl-ready", ""); // searching now fetches nothing
            } else if (searching) {
              setTimeout(function () { whenIdle(function () { readFrom(results, at); }); }, 50);
            } else {
              readPage(results[at], at).then(function (page) {
                pages.push(page);
                readFrom(results, at + 1);
              }).catch(function () {});
            }
          }
          function readAll() {
            if (searching) {
              setTimeout(function () { whenIdle(readAll); }, 50);
              return;
            }
            ready.pagefind.search(null).then(function (found) {
              ready.count = found.results.length;
              readFrom(found.results, 0);
            }).catch(function () {});
          }
          whenIdle(readAll);
          return ready;
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

    var segmenter = null; // made when the index is read: its Japanese dictionary is large
    function wordSegmenter() {
      segmenter = segmenter || new Intl.Segmenter("ja", { granularity: "word" });
      return segmenter;
    }

    /* Not a particle, a single kana or short hiragana (なっ, はい); the dictionary's own words,
       such as けが, are found before this test. */
    function isSearchable(word) {
      return !STOP.has(word) && !/^[\u3040-\u30ff\u30fc]$/.test(word) && !/^[\u3040-\u309f]{1,2}$/.test(word) &&
        /[\p{L}\p{N}]/u.test(word);
    }

    /* The searchable words of free text, as the segmenter splits it. A lone kanji cut from a
       longer run of kanji (年 and 休 of 年休) is left out: Pagefind would match it to every word
       it begins (年度, 休憩). A kanji on its own (鍵を, 家で) or before its kana (盗まれた) stays.
       `before`, `after`: the characters just outside the text in the query, if any. */
    function plainWords(text, before, after) {
      var words = [];
      for (var piece of wordSegmenter().segment(text)) {
        if (!piece.isWordLike || !isSearchable(piece.segment)) continue;
        if (KANJI.test(piece.segment)) {
          var left = piece.index > 0 ? text[piece.index - 1] : before || "";
          var right = piece.index + 1 < text.length ? text[piece.index + 1] : after || "";
          if (KANJI.test(left) || KANJI.test(right)) continue;
        }
        words.push(piece.segment);
      }
      return words;
    }

    /* What Pagefind is asked for a spelling: its words (a dictionary word such as 具合が悪い
       loses its particles), or nothing when it would come apart into lone kanji (年休). */
    function pagefindQuery(spelling) {
      var words = plainWords(spelling);
      return words.join("") === spelling.replace(/[\s\p{P}]/gu, "") || words.length > 1 ? words.join(" ") : "";
    }

    /* The query as word groups: {word, spellings, searches}. Dictionary words are found first,
       longest match, so that 持ち出し or 時間外勤務 stay whole, and each is searched as every
       spelling of its family. A group is kept only if Pagefind can be asked for it. */
    function wordGroups(query, words) {
      var text = fold(query);
      var groups = [];
      var rest = "";
      var start = 0; // where `rest` starts in the text
      function add(word, spellings) {
        var searches = [];
        spellings.forEach(function (spelling) {
          var search = pagefindQuery(spelling);
          if (search && searches.indexOf(search) === -1) searches.push(search);
        });
        if (searches.length) groups.push({ word: word, spellings: spellings, searches: searches });
      }
      function flush() {
        plainWords(rest, text[start - 1], text[start + rest.length]).forEach(function (word) { add(word, [word]); });
        rest = "";
      }
      // A family's one-character words (課 beside 部署) would match inside other words: left out.
      function longer(word) { return word.length > 1; }
      for (var at = 0; at < text.length;) {
        var found = null;
        for (var size = Math.min(words.longest, text.length - at); size > 0 && !found; size--) {
          if (words.family.has(text.substr(at, size))) found = text.substr(at, size);
        }
        if (found) {
          flush();
          add(found, [found].concat(words.family.get(found).filter(function (w) { return w !== found; })).filter(longer));
          at += found.length;
        } else {
          if (!rest) start = at;
          rest += text[at++];
        }
      }
      flush();
      return groups;
    }

    /* Pagefind's results for a group's spellings, by page: {score: the best, results: all}.
       Pagefind matches each word by its beginning: it also finds 時間 in 勤務時間, which is why
       only pages whose text has a spelling as written count (see answer); here the results
       say where in those pages. */
    function searchGroup(pagefind, group) {
      return Promise.all(group.searches.map(function (text) { return pagefind.search(text); })).then(function (found) {
        var pages = new Map();
        found.forEach(function (one) {
          one.results.forEach(function (result) {
            var known = pages.get(result.id) || { score: 0, results: [] };
            known.score = Math.max(known.score, result.score);
            known.results.push(result);
            pages.set(result.id, known);
          });
        });
        return pages;
      });
    }

    /* A result's page: its text, and its excerpt and sections for the search that found it.
       Pagefind keeps one object per page and rewrites the excerpt and sections at every data()
       call, for the search that asks: the calls go one at a time, each copied before the next. */
    var reading = Promise.resolve();
    function read(result) {
      var next = reading.then(function () {
        return result.data().then(function (data) {
          return {
            url: data.url, content: data.content, meta: data.meta, excerpt: data.excerpt,
            sub_results: (data.sub_results || []).map(function (sub) {
              return { url: sub.url, title: sub.title, excerpt: sub.excerpt, weighted_locations: sub.weighted_locations };
            })
          };
        });
      });
      reading = next.catch(function () {});
      return next;
    }

    /* Where in a page a group's words are: the sections any of its spellings were found in. */
    function placesOf(found, id) {
      var page = found.get(id);
      if (!page) return Promise.resolve([]);
      return Promise.all(page.results.map(read)).then(function (datas) {
        return [].concat.apply([], datas.map(function (data) { return data.sub_results || []; }));
      });
    }

    function contains(text, group) {
      return group.spellings.some(function (spelling) { return text.indexOf(spelling) !== -1; });
    }

    /* What to show for a query: {results, partial, more, words}, pages in order with their
       sections best first.

       A page has a group when its text has one of the group's spellings as written. Only such
       whole matches count: Pagefind also matches a word by its beginning (取り to 取り組む, 服 to
       服務), and a page with only those is shown only when no page matches whole. Pages with
       every group some page has come first; when they are few, pages with some of them follow.
       Words count by how rare they are in the edition; in a section, a word in its heading
       weighs HEADING times one in its text. A query word that no page has makes the answer
       partial, and the reader is told. */
    function answer(loaded, query) {
      var groups = wordGroups(query, loaded.words);
      var has, weight, known;
      if (!groups.length) return Promise.resolve({ results: [], partial: false, more: [], words: [] });
      return Promise.all(groups.map(function (group) { return searchGroup(loaded.pagefind, group); }))
        .then(function (found) {
          return pagesFor(loaded, found).then(function (pages) { return rank(pages, found); });
        });

      function rank(pages, found) {
        var total = Math.max(loaded.count, pages.length);
        has = pages.map(function (page) {
          return groups.map(function (group) { return contains(page.text, group); });
        });
        weight = groups.map(function (group, g) {
          var pagesWith = has.filter(function (row) { return row[g]; }).length;
          return pagesWith ? Math.log((total + 1) / (pagesWith + 0.5)) : 0; // a word on every page weighs next to nothing
        });
        known = groups.filter(function (group, g) { return weight[g] > 0; });
        var matched = pages.filter(function (page, p) { return has[p].some(Boolean); });
        if (!matched.length) return partialOnly(found);
        return Promise.all(matched.map(function (page) {
          var p = pages.indexOf(page);
          return Promise.all(groups.map(function (group, g) {
            return has[p][g] ? placesOf(found[g], page.id) : Promise.resolve([]);
          })).then(function (places) { return ranked(page, has[p], places); });
        })).then(function (candidates) {
          function order(a, b) { return b.cover - a.cover || b.rank - a.rank || a.order - b.order; }
          var full = candidates.filter(function (page) { return page.all; }).sort(order);
          var some = candidates.filter(function (page) { return !page.all; }).sort(order);
          var words = [];
          known.forEach(function (group) {
            group.spellings.forEach(function (word) { if (words.indexOf(word) === -1) words.push(word); });
          });
          return { results: full.length ? full : some, partial: !full.length || known.length < groups.length,
                   more: full.length && full.length < FEW ? some.slice(0, FEW) : [], words: words };
        });
      }

      /* A page with its sections in order: each group's words weighed there, the excerpt of
         the group weighing most. */
      function ranked(page, hasGroup, places) {
        var sections = new Map();
        places.forEach(function (subs, g) {
          var best = new Map(); // by address, this group's best spelling there
          subs.forEach(function (sub) {
            var titled = contains(fold(sub.title || ""), groups[g]);
            // Pagefind's excerpt shows the best place: without the word whole there, the section
            // most likely has only a word that begins like it.
            var shown = titled || contains(fold((sub.excerpt || "").replace(/<[^>]*>/g, "")), groups[g]);
            var place = { sub: sub, heading: titled ? weight[g] : 0, whole: shown,
                          text: weight[g] * weighOf(sub, titled) * (shown ? 1 : PARTIAL) };
            var known = best.get(sub.url);
            if (!known || known.heading + known.text < place.heading + place.text) best.set(sub.url, place);
          });
          best.forEach(function (place, url) {
            var section = sections.get(url) || { url: url, title: place.sub.title, score: 0, heading: 0, most: -1 };
            section.whole = section.whole || place.whole;
            section.heading += place.heading;
            section.score += place.text;
            if (place.heading + place.text > section.most) {
              section.most = place.heading + place.text;
              section.excerpt = place.sub.excerpt;
            }
            sections.set(url, section);
          });
        });
        var list = Array.from(sections.values());
        if (!list.length) {
          list.push({ url: page.data.url, title: page.data.meta.title, excerpt: page.data.excerpt, score: 1, heading: 0, whole: true });
        }
        list.forEach(function (section) { section.rank = HEADING * section.heading + section.score; });
        list.sort(function (a, b) { return b.rank - a.rank; });
        var title = fold(page.data.meta.title);
        var inTitle = groups.reduce(function (sum, group, g) { return sum + (hasGroup[g] && contains(title, group) ? weight[g] : 0); }, 0);
        return {
          data: page.data, sections: list, order: page.order,
          cover: groups.reduce(function (sum, group, g) { return sum + (hasGroup[g] ? weight[g] : 0); }, 0),
          all: groups.every(function (group, g) { return hasGroup[g] || !weight[g]; }),
          rank: Math.max(list[0].rank, HEADING * inTitle)
        };
      }
    }

    /* A page's data and its text as search compares it (folded). */
    function readPage(result, order) {
      return read(result).then(function (data) {
        return { id: result.id, data: data, text: fold(data.meta.title + "\n" + data.content), order: order };
      });
    }

    /* The pages to look through: every page of the edition once read ahead, until then the
       pages the searches found. */
    function pagesFor(loaded, found) {
      if (loaded.all) return Promise.resolve(loaded.all);
      var results = new Map();
      found.forEach(function (group) {
        group.forEach(function (page, id) { if (!results.has(id)) results.set(id, page.results[0]); });
      });
      results = Array.from(results.values());
      // Their texts fetched side by side first (what these calls leave in the pages is not read).
      return Promise.all(results.map(function (result) { return result.data(); })).then(function () {
        return Promise.all(results.map(readPage));
      });
    }

    /* Pagefind's weight of a group's words in a section, a word in the text counting 1. Pagefind
       weighs a word in a heading 25 to 50 times more; a heading that only has a word's
       beginning (勤務時間 for 時間外勤務) counts as text. */
    var TEXT_WEIGHT = 512; // Pagefind's balanced score of a word in running text
    function weighOf(section, titled) {
      return (section.weighted_locations || []).reduce(function (sum, at) {
        var weight = at.balanced_score / TEXT_WEIGHT;
        return sum + (weight > 2 && !titled ? 1 : weight);
      }, 0);
    }

    /* No page has any query word as written: the pages Pagefind found by a word's beginning,
       as a partial answer (an older edition may say 服務 where a newer one says 服装). */
    function partialOnly(found) {
      var best = new Map();
      found.forEach(function (group) {
        group.forEach(function (page, id) {
          best.set(id, (best.get(id) || 0) + page.score);
        });
      });
      var ids = Array.from(best.keys()).sort(function (a, b) { return best.get(b) - best.get(a); }).slice(0, PAGES);
      return Promise.all(ids.map(function (id) {
        var result = null;
        found.forEach(function (group) { result = result || (group.get(id) && group.get(id).results[0]); });
        return read(result).then(function (data) {
          var sections = (data.sub_results || []).map(function (sub) {
            return { url: sub.url, title: sub.title, excerpt: sub.excerpt, score: sectionScore(sub), heading: 0 };
          }).sort(function (a, b) { return b.score - a.score; });
          return { data: data, sections: sections };
        });
      })).then(function (pages) {
        return { results: pages, partial: pages.length > 0, more: [], words: [] };
      });
    }

    /* Pagefind's weight of a section for the words of one search. */
    function sectionScore(section) {
      return (section.weighted_locations || []).reduce(function (sum, at) {
        return sum + at.balanced_score;
      }, 0);
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

    /* The words to mark on the page a result opens go in its address (the `h` parameter, as
       with the theme's search.highlight) once the link is used: until then the link is the
       section's own address. */
    function withWords(link) {
      var words = link.getAttribute("data-gl-words");
      if (!words) return;
      var address = new URL(link.href);
      address.searchParams.set("h", words);
      link.href = address.href;
      link.removeAttribute("data-gl-words");
    }
    ["focusin", "pointerdown", "contextmenu"].forEach(function (type) {
      list.addEventListener(type, function (event) {
        var link = event.target.closest && event.target.closest("a[data-gl-words]");
        if (link) withWords(link);
      });
    });

    function sectionLink(section, pageTitle, words) {
      var link = element("a", "md-search-result__link");
      link.href = section.url;
      if (words.length) link.setAttribute("data-gl-words", words.join(" "));
      var article = element("article", "md-search-result__article md-typeset");
      article.appendChild(element("h1", null, section.title));
      if (pageTitle) article.appendChild(element("p", "gl-search__page", pageTitle));
      var excerpt = element("p");
      excerpt.innerHTML = withoutHeading(tidy(section.excerpt), section.title); // Pagefind escapes the page text
      article.appendChild(excerpt);
      link.appendChild(article);
      return link;
    }

    function renderResult(page, words) {
      var item = element("li", "md-search-result__item");
      var title = page.data.meta.title;
      // Sections that show a query word whole (those of a partial answer show what Pagefind found).
      var sections = page.sections.filter(function (section) {
        return section.whole !== false && (section.score > 0 || section.heading > 0);
      });
      var best = sections[0];
      if (best && best.title !== title) {
        item.appendChild(sectionLink(best, title, words));
      } else {
        item.appendChild(sectionLink({ url: page.data.url, title: title, excerpt: page.data.excerpt }, null, words));
      }
      sections.slice(1, 3).filter(function (section) { return section.title !== title; })
        .forEach(function (section) {
          var link = sectionLink(section, null, words);
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

    /* On an edition other than the one `latest` points to (the theme has then shown the banner
       saying so), the panel offers the same query on the latest official edition. */
    var latestLink = box.querySelector(".gl-search__latest");
    var outdated = document.querySelector("[data-md-component=outdated]");
    function offerLatest() {
      if (!latestLink) return;
      latestLink.hidden = !outdated || outdated.hidden;
      var address = new URL(latestLink.getAttribute("data-href"), location.href);
      if (input.value.trim()) address.searchParams.set("q", input.value.trim());
      latestLink.href = address.href;
    }

    function show(query, found, pages) {
      if (!found.results.length) {
        meta.textContent = "見つかりませんでした";
        list.replaceChildren(hints());
      } else {
        meta.textContent = found.partial
          ? "『" + query.trim() + "』に完全に一致するページはありません。一部の語に一致したページ："
          : found.results.length + " 件見つかりました" + (found.more.length ? "（続けて、一部の語に一致したページ）" : "");
        list.replaceChildren.apply(list, pages.slice(0, PAGES).map(function (page) {
          return renderResult(page, found.words);
        }));
      }
      list.dataset.query = query; // which query the list shows
    }

    function search(query) {
      var ticket = ++latest;
      offerLatest();
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
      searching += 1;
      load().then(function (loaded) {
        return answer(loaded, query);
      }).then(function (found) {
        if (ticket === latest) show(query, found, found.results.concat(found.more)); // else a newer query was typed
      }).catch(function () {
        if (ticket === latest) meta.textContent = "検索を利用できません（索引を読み込めませんでした）";
      }).then(function () { searching -= 1; });
    }

    function open() { setToggle(toggle, true); }
    function close() { setToggle(toggle, false); }

    /* A search as soon as the reader types, then at most one each 80 ms while they go on. */
    var timer = null;
    var searched = 0;
    function soon() {
      open();
      clearTimeout(timer);
      timer = setTimeout(function () {
        searched = Date.now();
        search(input.value);
      }, Math.max(0, 80 - (Date.now() - searched)));
    }
    input.addEventListener("input", function (event) {
      if (!event.isComposing) soon(); // else the IME is still converting
    });
    input.addEventListener("compositionend", soon);
    // Focus alone (tabbing through) does not open the overlay.
    input.addEventListener("focus", function () {
      if (input.value.trim()) open();
    });
    /* The index is ready before the first search: loaded once the page has loaded and the
       browser is idle, or at once when the reader points at or focuses the search. */
    if (!preview) {
      var ready = function () { load().catch(function () {}); };
      if (document.readyState === "complete") whenIdle(ready);
      else window.addEventListener("load", function () { whenIdle(ready); });
      [input, searchButton].forEach(function (control) {
        if (!control) return;
        control.addEventListener("pointerenter", ready);
        control.addEventListener("focus", ready);
      });
    }
    // Focus moving on past the box closes it (switching to another window does not).
    box.addEventListener("focusout", function () {
      setTimeout(function () {
        if (document.hasFocus() && !box.contains(document.activeElement)) close();
      }, 0);
    });
    // Where focus came from, to go back there when the reader presses Escape.
    var cameFrom = null;
    box.addEventListener("focusin", function (event) {
      if (!box.contains(event.relatedTarget)) cameFrom = event.relatedTarget;
    });
    /* On a narrow screen the search opens under the header, wherever the header is (under the
       banner of an older edition at the top of the page): CSS reads where it ends. */
    var header = document.querySelector(".md-header");
    function underHeader() {
      if (!header || !toggle.checked) return;
      document.documentElement.style.setProperty("--gl-header-bottom",
        Math.max(0, Math.round(header.getBoundingClientRect().bottom)) + "px");
    }
    window.addEventListener("scroll", underHeader, { passive: true });
    window.addEventListener("resize", underHeader);
    toggle.addEventListener("change", function () {
      if (toggle.checked) {
        underHeader();
        offerLatest();
        if (!box.contains(document.activeElement)) input.focus();
      }
    });

    function shown(node) {
      return node && node.isConnected && node.checkVisibility({ visibilityProperty: true });
    }

    function leave() {
      close();
      // Back where the reader was; from nowhere (a click into the box), the box itself where it
      // stays in view, else the header's search button.
      var back = shown(cameFrom) ? cameFrom : searchButton && searchButton.checkVisibility() ? searchButton : input;
      if (back) back.focus();
    }

    /* The results from the keyboard: down from the box to the first, up and down through them
       (Enter opens one, as a link does), up from the first back to the box. */
    function moveThroughResults(event) {
      if (["ArrowDown", "ArrowUp", "Home", "End"].indexOf(event.key) === -1 ||
          event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
      var links = Array.prototype.slice.call(list.querySelectorAll("a[href]"));
      var at = links.indexOf(document.activeElement);
      var next = null;
      if (event.key === "ArrowDown") next = document.activeElement === input ? links[0] : at !== -1 && links[at + 1];
      else if (event.key === "ArrowUp" && at !== -1) next = at === 0 ? input : links[at - 1];
      else if (event.key === "Home" && at !== -1) next = links[0];
      else if (event.key === "End" && at !== -1) next = links[links.length - 1];
      if (at !== -1 || next) event.preventDefault(); // the panel does not scroll under the keys
      if (next) next.focus();
    }
    box.addEventListener("keydown", moveThroughResults);
    list.addEventListener("click", function (event) {
      if (event.target.closest("a[href]")) close(); // the panel does not stay over the page it opens
    });

    /* `/` or `s` (the theme's keys) go to the search box from anywhere but a text field,
       unless the reader has turned them off (kept in this browser for every edition). */
    var KEYS_KEY = "telework-guideline:search-keys";
    var keys = box.querySelector("[data-gl-keys]");
    function keysOn() {
      try { return localStorage.getItem(KEYS_KEY) !== "off"; } catch (error) { return true; }
    }
    if (keys) {
      keys.checked = keysOn();
      keys.addEventListener("change", function () {
        try {
          if (keys.checked) localStorage.removeItem(KEYS_KEY);
          else localStorage.setItem(KEYS_KEY, "off");
        } catch (error) { /* storage refused: the choice lasts for this page */ }
      });
    }
    function typing(node) {
      return node && node.closest && node.closest("input, textarea, select, [contenteditable]");
    }
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.checked) {
        event.preventDefault();
        leave();
        return;
      }
      if ((event.key !== "/" && event.key !== "s") || !(keys ? keys.checked : keysOn()) ||
          event.defaultPrevented || event.isComposing ||
          event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
      if (document.getElementById("__drawer") && document.getElementById("__drawer").checked) return;
      event.preventDefault();
      cameFrom = document.activeElement === document.body ? null : document.activeElement;
      if (shown(input)) {
        input.focus();
        input.select();
      } else {
        open(); // and the box takes focus
      }
    });

    /* A page opened with ?q=… (「最新の正式版で検索」 from an older edition) shows that search. */
    var asked = new URL(location.href).searchParams.get("q");
    if (asked) {
      var address = new URL(location.href);
      address.searchParams.delete("q");
      history.replaceState(history.state, "", address.href);
      input.value = asked;
      open();
      search(asked);
    }
  })();

  /* ---- 7. The searched words marked on the page a result opens ----
     As the theme's search.highlight does: the words come in the address (?h=…, folded as the
     search folds them) and every place the page's text has one of them is marked. */
  (function () {
    var words = (new URL(location.href).searchParams.get("h") || "").split(/\s+/).filter(Boolean);
    var content = document.querySelector(".md-content__inner");
    if (!words.length || !content) return;
    words.sort(function (a, b) { return b.length - a.length; }); // 年次休暇 before 年次
    var pattern = new RegExp(words.map(function (word) {
      return word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|"), "g");
    // Text folded one character at a time (ＰＣ → pc), so that positions stay those of the page's text.
    function folded(text) {
      return Array.from(text).map(function (character) {
        var fold = character.normalize("NFKC").toLowerCase();
        return fold.length === character.length ? fold : character;
      }).join("");
    }
    var walker = document.createTreeWalker(content, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        return node.parentElement.closest("mark, script, style, .headerlink, .gl-edition")
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var texts = [];
    while (walker.nextNode()) texts.push(walker.currentNode);
    texts.forEach(function (node) {
      var text = node.nodeValue;
      var fold = folded(text);
      var pieces = document.createDocumentFragment();
      var at = 0;
      var match;
      pattern.lastIndex = 0;
      while ((match = pattern.exec(fold))) {
        pieces.append(text.slice(at, match.index));
        var mark = document.createElement("mark");
        mark.setAttribute("data-md-highlight", "");
        mark.textContent = text.slice(match.index, match.index + match[0].length);
        pieces.append(mark);
        at = match.index + match[0].length;
      }
      if (!at) return;
      pieces.append(text.slice(at));
      node.replaceWith(pieces);
    });
  })();
})();
