"""The site must work on an intranet with no internet: find and defuse requests to other hosts."""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from guideline.outputs import write_output

URL = r"(?:https?:)?//[^\s\"'`()<>]+"
CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])(?P<url>""" + URL + ")", re.I)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
JS_URL_LITERAL = re.compile(r"""(?P<quote>["'`])(?P<url>""" + URL + r")(?P=quote)")
# Attributes whose value a browser fetches or navigates to, and those the site's own script
# turns into a request (the search index) or a link (「最新の正式版で検索」).
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "data", "poster", "formaction", "xlink:href",
                  "data-gl-search", "data-href"}

# The theme's scripts reach these hosts only in cases that do not arise here: a CDN for
# Mermaid diagrams and an old-browser polyfill, and a hosting API for the repository
# widget (which overrides/partials/source.html leaves out). Pointing the literals at an
# inert data: URL keeps even those paths from leaving the intranet.
THEME_HOSTS = re.compile(r"""(["'`])https://(?:unpkg\.com|api\.github\.com)/""")
INERT = r"\1data:,"


# Never fetched: XML namespace names, and the domains reserved for examples (RFC 2606),
# which scripts use as a dummy base when parsing relative URLs.
NOT_FETCHED = re.compile(r"^https?://(www\.w3\.org/(1999|2000)/|example\.(com|org|net)(?![\w.-]))")


def is_foreign(url: str, own_hosts: set) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "") or NOT_FETCHED.match(url):
        return False  # mailto:, tel:, data:, namespaces
    return bool(parts.netloc) and parts.netloc not in own_hosts


class _Attributes(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in URL_ATTRIBUTES and value:
                self.found += [part.split()[0] for part in value.split(",") if part.strip()] \
                    if name == "srcset" else [value]
            elif name == "style" and value:
                self.found += [m.group("url") for m in CSS_URL.finditer(value)]


def urls_in_html(text: str) -> list:
    parser = _Attributes()
    parser.feed(text)
    styles = re.findall(r"<style[^>]*>(.*?)</style>", text, re.S | re.I)
    return parser.found + [url for style in styles for url in urls_in_css(style)]


def urls_in_css(text: str) -> list:
    return [m.group("url") for m in CSS_URL.finditer(CSS_COMMENT.sub("", text))]


def urls_in_js(text: str) -> list:
    return [m.group("url") for m in JS_URL_LITERAL.finditer(text)]


SCANNERS = {".html": urls_in_html, ".css": urls_in_css, ".js": urls_in_js}


def foreign_urls(site_dir: Path, *, own_hosts: set) -> list:
    """(file, url) for every URL of another host that a page, style or script could request."""
    found = []
    for path in sorted(Path(site_dir).rglob("*")):
        scan = SCANNERS.get(path.suffix)
        if scan and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            found += [(path.relative_to(site_dir).as_posix(), url)
                      for url in scan(text) if is_foreign(url, own_hosts)]
    return found


def defuse_theme_requests(site_dir: Path) -> list:
    """Make the theme's scripts' requests to other hosts inert; return the files changed."""
    changed = []
    for path in Path(site_dir, "assets", "javascripts").glob("*.js"):
        text = path.read_text(encoding="utf-8")
        new = THEME_HOSTS.sub(INERT, text)
        if new != text:
            write_output(path, new)
            changed.append(path)
    return changed
