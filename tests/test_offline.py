from guideline.site.offline import defuse_theme_requests, foreign_urls


def test_finds_requests_to_other_hosts_in_html_css_and_js(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(
        '<html xmlns="http://www.w3.org/1999/xhtml"><head>'
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Noto">'
        '<link rel="canonical" href="http://intra.example/telework/"></head>'
        '<body><a href="mailto:jouhou@city.matsumoto.lg.jp">メール</a>'
        '<img src="//cdn.example.com/a.png"><a href="../faq/">FAQ</a>'
        '<svg xmlns="http://www.w3.org/2000/svg"></svg></body></html>', encoding="utf-8")
    (tmp_path / "assets/site.css").write_text(
        '/* https://fontawesome.com License */ @import "https://cdn.example.com/x.css";'
        ' body { background: url(images/a.png) }', encoding="utf-8")
    (tmp_path / "assets/site.js").write_text(
        '/*! see http://lunrjs.com */ console.warn("see https://bit.ly/x");'
        ' fetch("https://api.example.com/v1"); load(`https://unpkg.com/${name}`)', encoding="utf-8")
    found = foreign_urls(tmp_path, own_hosts={"intra.example"})
    assert found == [
        ("assets/site.css", "https://cdn.example.com/x.css"),
        ("assets/site.js", "https://api.example.com/v1"),
        ("assets/site.js", "https://unpkg.com/${name}"),
        ("index.html", "https://fonts.googleapis.com/css?family=Noto"),
        ("index.html", "//cdn.example.com/a.png"),
    ]


def test_theme_requests_are_made_inert(tmp_path):
    scripts = tmp_path / "assets/javascripts"
    scripts.mkdir(parents=True)
    (scripts / "bundle.js").write_text(
        'x("https://unpkg.com/mermaid@11/dist/mermaid.min.js");y(`https://api.github.com/repos/${a}`)',
        encoding="utf-8")
    assert defuse_theme_requests(tmp_path) == [scripts / "bundle.js"]
    assert foreign_urls(tmp_path, own_hosts=set()) == []
    assert defuse_theme_requests(tmp_path) == []


def test_namespaces_and_reserved_example_domains_are_not_requests(tmp_path):
    (tmp_path / "a.js").write_text(
        'document.createElementNS("http://www.w3.org/2000/svg","svg");'
        'new URL(u, `https://example.com${path}`); fetch("https://example.com.evil.org/x")', encoding="utf-8")
    assert foreign_urls(tmp_path, own_hosts=set()) == [("a.js", "https://example.com.evil.org/x")]


def test_an_address_the_sites_script_fetches_from_an_attribute_is_a_request(tmp_path):
    """On a page whose base address ends in a slash (the 404 page), `{{ base_url }}/pagefind/`
    reads //pagefind/: a host named pagefind, which the search would ask for its index."""
    (tmp_path / "404.html").write_text(
        '<div data-gl-search="//pagefind/"><a data-href="//../latest/" href="../latest/">最新</a></div>'
        '<div data-gl-search="../pagefind/"></div>', encoding="utf-8")
    assert foreign_urls(tmp_path, own_hosts=set()) == [("404.html", "//pagefind/"), ("404.html", "//../latest/")]
