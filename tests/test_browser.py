"""The published site in a real browser: `kb serve` on a free port, headless Chromium.

Skips without Chromium (with how to install it), except under CI (`CI=true`),
where a missing browser is a failure: `.ci/run` installs it.
"""

import json
import os
import re
from html.parser import HTMLParser

import pytest
from publication import INSTALL_HINT, add_deepseek_review, chromium_binary, dump_dom, free_port, kb_serve


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
        assert re.search(r'<td class="col-text[^"]*">[^<]*混合专家', results)
        assert 'class="col-search_text' not in results
