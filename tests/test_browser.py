"""The published site in a real browser: `kb serve` on a free port, headless Chromium.

Skips without Chromium (with how to install it), except under CI (`CI=true`),
where a missing browser is a failure: `.ci/run` installs it.
"""

import json
import os
import re
import subprocess
import urllib.request
from html.parser import HTMLParser
from urllib.parse import quote as quote_url

import pytest
from publication import INSTALL_HINT, add_deepseek_review, chromium_binary, dump_dom, free_port, kb_command, kb_serve


@pytest.fixture(scope="module")
def chromium():
    binary = chromium_binary()
    if binary is None:
        if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
            pytest.fail(f"CI=true and no Chromium on PATH: {INSTALL_HINT}")
        pytest.skip(INSTALL_HINT)
    return binary


class Page(HTMLParser):
    """What a reader sees: element ids with their text, link targets by id, JSON-LD blocks."""

    def __init__(self, html: str):
        super().__init__()
        self.text_by_id: dict[str, str] = {}
        self.href_by_id: dict[str, str] = {}
        self.marks: list[tuple[str, str]] = []
        self.json_ld: list[str] = []
        self._open: list[tuple[str, str | None]] = []
        self._buffers: dict[str, list[str]] = {}
        self._mark: str | None = None
        self._in_ld = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("type") == "application/ld+json":
            self._in_ld = True
            self.json_ld.append("")
        if tag == "mark":
            self._mark = attrs.get("title") or ""
            self.marks.append((self._mark, ""))
        if attrs.get("id"):
            self._buffers[attrs["id"]] = []
            if attrs.get("href"):
                self.href_by_id[attrs["id"]] = attrs["href"]
        if tag not in ("br", "meta", "link", "input", "img", "hr"):
            self._open.append((tag, attrs.get("id")))

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_ld = False
        if tag == "mark":
            self._mark = None
        while self._open:
            open_tag, open_id = self._open.pop()
            if open_id:
                self.text_by_id[open_id] = " ".join("".join(self._buffers.pop(open_id, [])).split())
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self._in_ld:
            self.json_ld[-1] += data
        if self._mark is not None:
            title, text = self.marks[-1]
            self.marks[-1] = (title, text + data)
        for buffer in self._buffers.values():
            buffer.append(data)


def test_claim_page_and_permalink_in_chromium(chromium, seed_db):
    cid = add_deepseek_review(seed_db)
    port = free_port()
    with kb_serve(seed_db, port) as base:
        first = Page(dump_dom(f"{base}/claims/claims/{cid}"))
        permalink = first.href_by_id["permalink"]
        assert permalink == f"{base}/claims/claims/{cid}"

        page = Page(dump_dom(permalink))
        assert "约560万美元" in page.text_by_id["claim-text"]
        assert ("约560万 USD", "约560万美元") in page.marks
        assert page.text_by_id["status"] == "Refuted"
        assert "小成本DeepSeek和Kimi,令奥特曼破防" in page.text_by_id["source"]
        assert "约560万 USD" in page.text_by_id["quantities"]
        assert "DeepSeek said its R1 model cost $294,000 to train." in page.text_by_id["citations"]
        assert "Refutes" in page.text_by_id["citations"]
        assert "Unverified → Refuted" in page.text_by_id["verdicts"]
        assert page.text_by_id["previous-claim"].startswith("← Previous")
        [review] = [json.loads(block) for block in page.json_ld]
        assert review["@type"] == "ClaimReview" and review["url"] == permalink
        assert review["reviewRating"]["alternateName"] == "Refuted"

        # the article link leads to the article page, which lists this claim
        article = Page(dump_dom(base + page.href_by_id["article-link"]))
        assert article.text_by_id["article-title"] == "小成本DeepSeek和Kimi,令奥特曼破防"
        assert f'id="claim-{cid}"' in dump_dom(base + page.href_by_id["article-link"])

        # the search box, as a reader would use it
        results = dump_dom(f"{base}/claims/claims?_search=" + "%E6%B7%B7%E5%90%88%E4%B8%93%E5%AE%B6")
        assert re.search(r'<input id="_search" type="search" name="_search" value="混合专家"', results)
        assert re.search(r'<td class="col-claim"[^>]*><a class="claim-link" href="/claims/claims/\w+">[^<]*<mark class="hit">混合专家</mark>', results)
        assert 'class="col-search_text' not in results


# A second outlet's report (our own wording) that repeats the seed's 约560万美元.
SECOND_ARTICLE = """另一家媒体的报道:训练成本之争

2025-11-12 09:00:00 · example.net · 来源: 测试

据报道,DeepSeek训练这款模型只花了约560万美元。这篇报道的结论仍有争议。
"""


def run_kb(*args: str) -> str:
    result = subprocess.run([*kb_command(), *args], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"kb {' '.join(args)}: {result.stdout}{result.stderr}"
    return result.stdout + result.stderr


def test_the_fact_checkers_loop_on_a_running_server(chromium, seed_db, tmp_path):
    """Add an article, cite, verdict with the CLI while `kb serve` runs; each step shows on the next page load."""
    articles, factchecks = tmp_path / "articles", tmp_path / "factchecks"
    source = tmp_path / "second.txt"
    source.write_text(SECOND_ARTICLE, encoding="utf-8")
    sentence = "DeepSeek训练这款模型只花了约560万美元"
    with kb_serve(seed_db) as base:
        assert "另一家媒体的报道" not in dump_dom(f"{base}/desk/articles")

        run_kb("add", str(source), "--db", str(seed_db), "--articles", str(articles))
        overview = dump_dom(f"{base}/desk/articles")
        assert "另一家媒体的报道:训练成本之争" in overview, "the added article is not on the running server"
        queue = dump_dom(f"{base}/desk/queue")
        assert "DeepSeek训练这款模型只花了" in queue and "in 1 other article" in queue

        run_kb("cite", "--match", sentence, "--url", "https://www.reuters.com/technology/deepseek-cost-2025-09-18/",
               "--quote", "DeepSeek said its R1 model cost $294,000 to train.", "--stance", "refutes",
               "--title", "DeepSeek says R1 cost $294,000", "--publisher", "Reuters",
               "--db", str(seed_db), "--factchecks", str(factchecks))
        run_kb("verdict", "--match", sentence, "--status", "refuted", "--note", "The figure is V3's final run, not the model's cost.",
               "--author", "Test Checker", "--db", str(seed_db), "--factchecks", str(factchecks))

        # the search results show the new status; the claim's link is its permalink
        results = dump_dom(f"{base}/claims/claims?_search=" + quote_url(sentence))
        row = next(r for r in re.findall(r"<tr>(.*?)</tr>", results, re.S) if "只花了" in r and "据报道" in r)
        assert '<span class="badge status-refuted">Refuted</span>' in row
        href = re.search(r'<a class="claim-link" href="([^"]+)"', row).group(1)

        page = Page(dump_dom(base + href))
        permalink = page.href_by_id["permalink"]
        assert permalink == base + href
        assert page.text_by_id["status"] == "Refuted"
        assert "DeepSeek said its R1 model cost $294,000 to train." in page.text_by_id["citations"]
        assert "Unverified → Refuted" in page.text_by_id["verdicts"] and "Test Checker" in page.text_by_id["verdicts"]
        assert ("约560万 USD", "约560万美元") in page.marks
        [review] = [json.loads(block) for block in page.json_ld]
        assert review["@type"] == "ClaimReview" and review["url"] == permalink
        assert review["claimReviewed"].startswith("据报道,DeepSeek训练这款模型只花了约560万美元")
        assert review["reviewRating"]["alternateName"] == "Refuted" and review["reviewRating"]["ratingValue"] == 1
        assert review["author"]["@type"] == "Organization" and review["contributor"]["name"] == "Test Checker"
        assert "appearance" not in review["itemReviewed"]  # the article has no url of its own: never a page of this site

        # following the permalink again gives the same page; the queue, the feed and the JSON follow
        assert Page(dump_dom(permalink)).text_by_id["status"] == "Refuted"
        assert "DeepSeek训练这款模型只花了" not in dump_dom(f"{base}/desk/queue")
        with urllib.request.urlopen(f"{base}/feeds/verdicts.atom", timeout=10) as response:
            assert "Refuted: 据报道,DeepSeek训练这款模型只花了约560万美元" in response.read().decode("utf-8")
        with urllib.request.urlopen(permalink + "/full.json", timeout=10) as response:
            assert json.loads(response.read())["claim_review"] == review
