"""The nginx sample (deploy/nginx) on a small exported site: every answer in Japanese and with
the security headers, nothing hidden served, documents cached like other assets."""

import http.client

import pytest

from helpers import NGINX, fetch, nginx_headers, nginx_serving

pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx がありません（apt-get install nginx で試せます）")
EDITION_404 = ('<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"></head>'
               "<body><h1>この版のページはありません</h1></body></html>")


@pytest.fixture
def base(tmp_path):
    site = tmp_path / "www" / "telework"
    (site / "2021.03").mkdir(parents=True)
    (site / "latest").mkdir()
    (site / "2021.03/.git").mkdir()
    files = {"index.html": '<meta http-equiv="refresh" content="0; url=2021.03/">', "versions.json": "[]",
             ".nojekyll": "", "2021.03/.git/config": "[remote] token=SECRET", "2021.03/index.html": "<h1>ホーム</h1>",
             "2021.03/404.html": EDITION_404, "latest/index.html": '<link rel="canonical" href="../2021.03/">',
             "2021.03/telework-guideline-2021.03.pdf": "%PDF-1.7", "2021.03/新旧対照表.docx": "PK"}
    for name, text in files.items():
        (site / name).write_text(text, encoding="utf-8")
    with nginx_serving(tmp_path / "www", tmp_path) as address:
        yield address


def assert_headers(response, path):
    for name, value in nginx_headers().items():
        assert response.headers[name] == value, (path, name)


@pytest.mark.parametrize("path", ["/telework/latest/nosuch", "/telework/nosuch", "/telework/2099.01/page/",
                                  "/telework/.nojekyll", "/telework/2021.03/.git/config", "/telework/404.html"])
def test_every_missing_or_hidden_path_gets_a_japanese_404(base, path):
    missing = fetch(base + path)
    body = missing.body.decode("utf-8")
    assert missing.status == 404 and '<html lang="ja">' in body and "ページ" in body
    assert "nginx" not in body and "SECRET" not in body
    assert_headers(missing, path)


def test_a_missing_page_of_an_edition_gets_that_editions_404(base):
    missing = fetch(base + "/telework/2021.03/guideline/no-such/")
    assert missing.status == 404 and missing.body.decode("utf-8") == EDITION_404
    assert_headers(missing, "edition")


@pytest.mark.parametrize("method", ["TRACE", "POST", "DELETE", "PUT"])
def test_methods_other_than_reading_get_405_with_the_headers(base, method):
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request(method, "/telework/2021.03/index.html", body=b"x" if method in ("POST", "PUT") else None)
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 405
    assert_headers(response, method)


@pytest.mark.parametrize("path", ["/telework/2021.03/telework-guideline-2021.03.pdf",
                                  "/telework/2021.03/%E6%96%B0%E6%97%A7%E5%AF%BE%E7%85%A7%E8%A1%A8.docx"])
def test_pdf_and_word_files_are_cached_like_other_assets(base, path):
    document = fetch(base + path)
    assert document.status == 200 and document.headers["Cache-Control"] == "public, max-age=604800"
    assert_headers(document, path)
