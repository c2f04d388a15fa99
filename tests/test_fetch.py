"""`kb add URL` against a real HTTP server on 127.0.0.1 (http.server in a thread)."""

import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import free_port

from kb.cli import cli
from kb.extract.article import read_article
from kb.extract.fetch import MAX_BYTES

PAGES = Path(__file__).resolve().parent / "data" / "pages"
GBK_PAGE = (
    "<html><head><meta charset=\"gbk\"><title>城市地铁客流创新高</title></head><body><article><h1>城市地铁客流创新高</h1>"
    "<p>市交通委员会周一表示，上月地铁日均客流约为1,050万人次，同比增长12%。</p>"
    "<p>官员说，新开通的三条线路贡献了约四成的增量，晚高峰拥挤程度有所上升。</p></article></body></html>"
).encode("gbk")
BIG5_PAGE = (
    "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=big5\"><title>颱風過境 農損逾新台幣3億元</title>"
    "</head><body><article><h1>颱風過境 農損逾新台幣3億元</h1><p>農業部今天統計，颱風造成的農業損失約新台幣3億2000萬元，以香蕉與蔬菜受損最重。</p>"
    "<p>農業部表示，受災農民可在兩週內申請現金救助，每公頃最高補助新台幣4萬元。</p></article></body></html>"
).encode("big5")
HOME_PAGE = (
    "<html><head><meta property='og:type' content='website'><title>Daily News - Home</title></head><body>"
    + "".join(f"<div class='teaser'><a href='/news/{n}'>Headline number {n} about the city</a></div>" for n in range(60))
    + "</body></html>"
).encode()
VIDEO_PAGE = (
    "<html><head><meta property='og:type' content='video.other'><title>Watch: the storm arrives</title></head><body>"
    "<video src='storm.mp4'></video><p>Watch the storm make landfall on the east coast, filmed by our team on Monday.</p></body></html>"
).encode()
LOGIN_PAGE = (
    "<html><head><title>Sign in</title></head><body><h1>Budget talks stall</h1><p>Subscribe to continue reading.</p>"
    "<form><input type='text' name='user'><input type='password' name='pw'><button>Sign in</button></form></body></html>"
).encode()
ROUTES = {
    "/cna.html": (200, "text/html; charset=utf-8", (PAGES / "cna.html").read_bytes()),
    "/gbk.html": (200, "text/html", GBK_PAGE),
    "/big5.html": (200, "text/html", BIG5_PAGE),
    "/big5-header.html": (200, "text/html; charset=big5", BIG5_PAGE.replace(b"charset=big5", b"")),
    "/wrong-header.html": (200, "text/html; charset=utf-8", GBK_PAGE),
    "/report.pdf": (200, "application/pdf", b"%PDF-1.4 not a page"),
    "/home.html": (200, "text/html", HOME_PAGE),
    "/video.html": (200, "text/html", VIDEO_PAGE),
    "/login.html": (200, "text/html", LOGIN_PAGE),
}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path == "/old-address":
            self.send_response(301)
            self.send_header("Location", "/moved")
            self.end_headers()
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/cna.html")
            self.end_headers()
        elif self.path == "/huge.html":
            # no Content-Length: the limit must hold while reading, not only on a declared size
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"x" * 65536 + b"</p>"
            for _ in range(MAX_BYTES // len(chunk) + 2):
                self.wfile.write(chunk)
        elif self.path in ROUTES:
            status, content_type, body = ROUTES[self.path]
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404, "Not Found")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def add(tmp_path, *sources):
    folder = tmp_path / "articles"
    result = CliRunner().invoke(cli, ["add", *sources, "--db", str(tmp_path / "claims.db"), "--articles", str(folder)])
    return result, folder


def rows(db: Path, sql: str) -> list[tuple]:
    if not db.exists():
        return []
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_redirected_page_is_kept_byte_for_byte_with_its_fetch_record(server, tmp_path):
    result, folder = add(tmp_path, f"{server}/old-address")
    assert result.exit_code == 0, result.output
    pages = sorted(folder.glob("*.html"))
    assert len(pages) == 1 and pages[0].name.startswith("www.cna.com.tw_")
    assert pages[0].read_bytes() == ROUTES["/cna.html"][2]
    record = yaml.safe_load(Path(f"{pages[0]}.yml").read_text(encoding="utf-8"))
    assert record["url"] == f"{server}/cna.html"  # where the redirects ended
    assert record["fetched_at"].endswith("+00:00")
    ((url, canonical, fetched_at, title, language, site, author),) = rows(
        tmp_path / "claims.db", "select url, canonical_url, fetched_at, title, language, site, author from articles")
    assert (url, fetched_at) == (record["url"], record["fetched_at"])
    assert canonical == "https://www.cna.com.tw/news/afe/202408120101.aspx"
    assert (title, language, site, author) == ("台積電7月營收年增45% 創單月新高", "zh-Hant", "中央社 CNA", "林家豪")
    # what `kb build` reads: the saved files alone, no network
    again = read_article(pages[0])
    assert (again.url, again.fetched_at, again.title) == (url, fetched_at, title)


@pytest.mark.parametrize("path, title, needle", [
    ("/gbk.html", "城市地铁客流创新高", "1,050万人次"),
    ("/big5.html", "颱風過境 農損逾新台幣3億元", "3億2000萬元"),
    ("/big5-header.html", "颱風過境 農損逾新台幣3億元", "3億2000萬元"),  # declared in the HTTP header only
    ("/wrong-header.html", "城市地铁客流创新高", "1,050万人次"),  # the header says utf-8, the bytes are GBK
])
def test_legacy_charset(server, tmp_path, path, title, needle):
    result, folder = add(tmp_path, server + path)
    assert result.exit_code == 0, result.output
    page = next(folder.glob("*.html"))
    assert page.read_bytes() == ROUTES[path][2]
    header_charset = ROUTES[path][1].partition("charset=")[2] or None
    assert yaml.safe_load(Path(f"{page}.yml").read_text(encoding="utf-8")).get("encoding") == header_charset
    assert rows(tmp_path / "claims.db", "select title from articles") == [(title,)]
    claims = [text for (text,) in rows(tmp_path / "claims.db", "select text from claims")]
    assert any(needle in text for text in claims) and len(claims) == 2


@pytest.mark.parametrize("path, message", [
    ("/missing.html", "HTTP 404"),
    ("/report.pdf", "not an HTML page (content type 'application/pdf')"),
    ("/huge.html", "too large"),
    ("/home.html", "a home page or list of links"),
    ("/video.html", "a video page, not an article"),
    ("/login.html", "a login or subscription wall"),
])
def test_failing_url_leaves_nothing(server, tmp_path, path, message):
    result, folder = add(tmp_path, server + path)
    assert result.exit_code == 1
    assert f"{server}{path}" in result.output and message in result.output
    assert not folder.exists() or not any(folder.iterdir())
    assert rows(tmp_path / "claims.db", "select id from articles") == []


def test_unreachable_url(tmp_path):
    url = f"http://127.0.0.1:{free_port()}/news"
    result, folder = add(tmp_path, url)
    assert result.exit_code == 1 and f"{url}: unreachable" in result.output
    assert not folder.exists()


def test_one_bad_url_does_not_stop_the_others(server, tmp_path):
    result, folder = add(tmp_path, f"{server}/missing.html", f"{server}/gbk.html")
    assert result.exit_code == 1 and "HTTP 404" in result.output
    assert len(list(folder.glob("*.html"))) == 1
    assert len(rows(tmp_path / "claims.db", "select id from articles")) == 1


def test_fetching_a_changed_page_again_replaces_the_file_and_supersedes(server, tmp_path):
    story = ("<html><head><link rel='canonical' href='https://news.example.org/a/1'><title>Port traffic</title></head><body>"
             "<article><h1>Port traffic</h1><p>The port handled 2.1 million containers in July, up 4% on a year earlier.</p>"
             "<p>{second}</p></article></body></html>")
    first = story.format(second="Officials expect a busier August as new routes open.").encode()
    second = story.format(second="Officials now expect a quieter August after two routes were cut.").encode()
    ROUTES["/changing.html"] = (200, "text/html", first)
    result, folder = add(tmp_path, f"{server}/changing.html")
    assert result.exit_code == 0, result.output
    ROUTES["/changing.html"] = (200, "text/html", second)
    result, folder = add(tmp_path, f"{server}/changing.html")
    assert result.exit_code == 0, result.output
    assert "1 added, 1 unchanged, 1 superseded" in result.output
    (page,) = folder.glob("*.html")
    assert page.name.startswith("news.example.org_") and page.read_bytes() == second
    assert len(rows(tmp_path / "claims.db", "select id from articles")) == 1


def test_a_missing_file_that_is_not_a_url(tmp_path):
    result, _ = add(tmp_path, "www.example.com/news")
    assert result.exit_code == 1 and "no such file (and not an http:// or https:// URL)" in result.output
