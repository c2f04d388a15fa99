"""Page furniture: the lines around a story that are not the story.

Recognized by shape, the same across outlets: a credit in brackets on its own
(`（圖／路透）`, `（中央社）`), a line opened by a caption, credit, editor or
call-to-action label (`Photo:`, `图片来源：`, `责任编辑：`, `Share`, `訂閱`),
a copyright or disclaimer line, an ad marker, and a "related" heading with the
list of links under it (`延伸閱讀`, `相关阅读`, `Related`, `Read more`).

Written by hand: trafilatura drops most of this from HTML by its markup (nav,
figcaption, aside), but a text file, or a page whose furniture sits in plain
<p>, has no markup left to go by; these rules read the line itself.
"""

import re

MAX_FURNITURE_CHARS = 200
# a link in a related list: short, no sentence end
MAX_LINK_CHARS = 60
_END = tuple("。！？!?.…」”\"')）")

# A credit standing alone in brackets: （圖／路透） （中央社） (Photo: Reuters) 【圖片來源：XX】
_BRACKETED_CREDIT = re.compile(
    r"^[（(【\[]\s*(?:[圖图]|照片|圖片|图片|攝影|摄影|photo|image|credit|video|視頻|视频|編輯|编辑|责编|責編|责任编辑|責任編輯|譯者|译者|校對|校对|核稿|"
    r"中央社|新華社|新华社|路透|法新社|美聯社|美联社|reuters|ap|afp|getty)[^（）()【】\[\]]{0,60}[）)】\]]\s*(?:\d{6,8})?$",
    re.I,
)
_LABELS = (
    # captions and credits
    r"photo|photos|image|images|picture|credit|illustration|video|watch|graphic|"
    r"图片来源|圖片來源|图片|圖片|图|圖|照片|摄影|攝影|圖說|图说|圖／|图／|影片|视频|視頻|資料照|资料照|"
    # editors and reporters credited after the story
    r"责任编辑|責任編輯|责编|責編|编辑|編輯|校对|校對|审核|審核|核稿|翻译|翻譯|譯者|译者|"
    r"editing by|edited by|reporting by|additional reporting by|writing by|compiled by|contact|"
    # related and teasers
    r"延伸閱讀|延伸阅读|相关阅读|相關閱讀|相关新闻|相關新聞|相关报道|相關報導|推荐阅读|推薦閱讀|热门推荐|熱門推薦|"
    r"read more|read also|also read|related|more from|see also|more on this|recommended|"
    # disclaimers
    r"免责声明|免責聲明|声明|聲明|disclaimer|note to readers|editor's note|our standards|"
    # ads
    r"广告|廣告|advertisement|sponsored|贊助|赞助"
)
_LABELLED = re.compile(r"^[\s▲△▼►▶■□●◆◇★☆※>»]*(?:" + _LABELS + r")\s*[:：／/|｜]|^\S{1,8}(?:声明|聲明)[:：]", re.I)
# A line that is only a marker: Advertisement, 廣告, Related, 延伸閱讀, Share this article ...
_MARKER_ONLY = re.compile(
    r"^[\s▲△▼►▶■□●◆◇★☆※>»]*(?:advertisement|advert|ad|sponsored( content)?|广告|廣告|story continues below( advertisement)?|"
    r"continue reading|scroll to continue|related( articles| stories| coverage| news| content)?|read more|more from [\w ]+|"
    r"most read|most popular|recommended|you may also like|trending|延伸閱讀|延伸阅读|相关阅读|相關閱讀|相关新闻|相關新聞|"
    r"推荐阅读|推薦閱讀|热门推荐|熱門推薦|看更多|更多新聞|更多新闻|熱門新聞|热门新闻|點閱排行|点击排行|最新新聞|最新新闻|"
    r"分享|分享到|share|share this( article| story)?|print|列印|打印|comments?|留言|评论|評論|listen|listen to this( article)?|"
    r"comment on this (story|article)|gift( this)? article|save|save article|copy link|link copied|複製連結|复制链接|"
    r"last updated|updated|published|posted|"
    r"facebook|twitter|x|whatsapp|line|telegram|linkedin|reddit|email|e-mail|weibo|微博|微信|qq空间|qq空間|朋友圈)\s*[:：.…»>]*\s*$",
    re.I,
)
# Calls to act: share, follow, subscribe, download, sign up, click.
_CALL_TO_ACTION = re.compile(
    r"^[\s▲△▼►▶■□●◆◇★☆※>»]*(?:share|follow|subscribe|sign up|download|click|tap|join|get the|listen to|"
    r"分享|关注|關注|追蹤|追踪|订阅|訂閱|按讚|点赞|點贊|下载|下載|加入|扫码|掃碼|扫描|掃描|点击|點擊|點我|点我|立即|快來|快来)",
    re.I,
)
# What a call to act points at: a platform, the outlet's app, newsletter or channel.
_CHANNEL = re.compile(r"facebook|twitter|\bx\b|line|youtube|instagram|telegram|whatsapp|threads|tiktok|newsletter|podcast|"
                      r"\bapp\b|\bus\b|\bour\b|微信|微博|公众号|公眾號|粉絲|粉丝|頻道|频道|電子報|电子报|客户端|客戶端|APP|本報|本报|本台|本站|抖音|小红书", re.I)
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)\s*\d{4}|^copyright|copyright\s*(?:©|\(c\)|\d{4})|all rights reserved|版权所有|版權所有|未经授权|未經授權|不得转载|不得轉載|禁止转载|禁止轉載|"
    r"严禁转载|嚴禁轉載|转载请|轉載請|本文不代表|不代表本[站网網台报報]|本网站|本網站|本站声明|本站聲明|"
    r"views expressed|do not necessarily reflect|this story has been|this article was)",
    re.I,
)
# Teaser and link markers at the start of a line: ▶ 看更多 / >> / ► / 【延伸】
_TEASER = re.compile(r"^\s*(?:[▶►»]|>>|【[^】]{1,8}】\s*\S{0,40}$)")
_CAPTION_END = re.compile(r"(?:攝|摄|提供|供圖|供图|翻攝|翻摄|／路透|/路透|/ ?getty images|/ ?ap|/ ?reuters|/ ?afp)[）)]?\s*$", re.I)
_CAPTION_START = re.compile(r"^\s*[▲△▼]")
# A relative time: Updated: 15 hr ago, 3 hours ago, 5分钟前, 2小時前
_RELATIVE_TIME = re.compile(r"^(?:(?:updated|published|posted)\s*:?\s*)?\d{1,3}\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)\s+ago$|"
                            r"^(?:更新|發布|发布)?\s*[:：]?\s*\d{1,3}\s*(?:秒|分钟|分鐘|小时|小時|天)前$", re.I)
# A short name alone in brackets: (中時新聞網) （明報） 【明報專訊】: the outlet credited, not a sentence.
_BRACKETED_NAME = re.compile(r"^[（(【\[][^（）()【】\[\]。！？.!?\d]{1,12}[）)】\]]$")
# An author's one-line biography: "Daniel Ortiz is a reporter covering personal finance."
_BIO = re.compile(r"^[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3} (?:is|was) (?:a|an|the) [^.]{0,80}"
                  r"(?:reporter|correspondent|editor|writer|columnist|journalist|contributor)\b[^.]{0,80}\.$")
# A print edition's credit: 《 人民日报 》（ 2024年07月11日 01 版）
_PRINT_EDITION = re.compile(r"^《[^》]{1,20}》\s*[（(][^）)]{0,30}版\s*[）)]$")
# No letter and no Chinese character: a date stamp (CNA's 1130812), page numbers, a date split over spans.
_NO_WORDS = re.compile(r"^[\W\d_]*$")
# Decorated on both ends: ☆…☆, ★…★, ■…■ (a site's notice set into the story)
_DECORATED = re.compile(r"^\s*([☆★■□◆◇●○※])[^☆★■□◆◇●○※]{1,80}\1\s*$")
# Wire-story credits at the end: Reporting by …; Editing by …
_CREDITS = re.compile(r"^(?:additional\s+)?(?:reporting|editing|writing|edited|compiled|produced|graphics|research)\s+by\b|"
                      r"(?:was used in|contributed to) this (?:report|story)\.?$|^a version of this (?:article|story) appears in print", re.I)
# A menu: three or more short items between | separators (Order Reprints | Today's Paper | Subscribe)
_MENU = re.compile(r"^[^|｜。.!?]{1,25}(?:\s[|｜]\s[^|｜。.!?]{1,25}){2,}$")


def is_furniture(line: str) -> bool:
    """True for a line that is page furniture, not part of the story."""
    text = line.strip()
    if not text or len(text) > MAX_FURNITURE_CHARS:
        return False
    if (_BRACKETED_CREDIT.match(text) or _MARKER_ONLY.match(text) or _NO_WORDS.match(text) or _CAPTION_START.match(text)
            or _DECORATED.match(text) or _CREDITS.search(text) or _PRINT_EDITION.match(text) or _MENU.match(text)
            or _BRACKETED_NAME.match(text) or _BIO.match(text) or _RELATIVE_TIME.match(text)):
        return True
    if _LABELLED.match(text) or _COPYRIGHT.search(text) or _TEASER.match(text):
        return True
    if _CALL_TO_ACTION.match(text) and len(text) <= 80 and (_CHANNEL.search(text) or not text.endswith(_END)):
        return True
    return bool(_CAPTION_END.search(text) and len(text) <= 120 and not text.rstrip("）)").endswith(("。", ".")))


def opens_related_list(line: str) -> bool:
    """A heading under which the page lists links to other stories."""
    text = line.strip().strip("【】[]「」")
    return len(text) <= MAX_LINK_CHARS and bool(_MARKER_ONLY.match(text) and not _CALL_TO_ACTION.match(text))


def is_link_line(line: str) -> bool:
    """A line of a related list: a headline, short, with no sentence end."""
    text = line.strip()
    return bool(text) and len(text) <= MAX_LINK_CHARS and not text.endswith(_END[:7])
