"""Large generated articles for the reliability tests: varied Chinese sentences with numbers."""

import random
from pathlib import Path

SUBJECTS = ["该公司", "研究团队", "市政府", "这家初创企业", "央行", "专家组", "开源社区", "监管机构", "董事会", "分析师"]
VERBS = ["宣布", "表示", "估计", "报告称", "预计", "指出", "透露", "承认", "强调", "披露"]
OBJECTS = ["营收增长了{p}%", "投入了{n}亿元", "训练成本约为{n}万美元", "用户数超过{n}万", "模型参数达到{n}亿",
           "股价下跌了{p}%", "每百万token收费{n}元", "裁员约{n}人", "融资{cn}亿美元", "市场份额提升至{p}%"]
TAILS = ["。", "，但外界对此仍有疑问。", "，这一数字高于去年同期。", "，比原计划晚了{k}个月。", "，并称将在{y}年前完成。"]
CN_NUMBERS = ["三", "五", "十二", "二十", "一百", "三百五十", "两千"]


def sentence(rng: random.Random) -> str:
    body = rng.choice(OBJECTS).format(p=round(rng.uniform(0.1, 99.9), 1), n=rng.randint(2, 9999), cn=rng.choice(CN_NUMBERS))
    tail = rng.choice(TAILS).format(k=rng.randint(2, 18), y=rng.randint(2026, 2040))
    return f"{rng.choice(SUBJECTS)}{rng.choice(VERBS)}{body}{tail}"


def big_article_text(size_bytes: int, seed: int = 0, title: str = "大文件压力测试") -> str:
    """About `size_bytes` of UTF-8: a title line, then paragraphs of 3 to 8 sentences."""
    rng = random.Random(seed)
    parts, size = [title, "\n\n"], len(title.encode("utf-8")) + 2
    while size < size_bytes:
        paragraph = "".join(sentence(rng) for _ in range(rng.randint(3, 8))) + "\n\n"
        parts.append(paragraph)
        size += len(paragraph.encode("utf-8"))
    return "".join(parts)


def write_big_article(path: Path, size_bytes: int, seed: int = 0, title: str = "大文件压力测试") -> Path:
    path.write_text(big_article_text(size_bytes, seed, title), encoding="utf-8")
    return path
