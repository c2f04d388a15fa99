"""An article's language as a BCP 47 tag: en, zh-Hans (Simplified) or zh-Hant (Traditional).

The script is read off the text with OpenCC: characters that converting to
Simplified would change are Traditional-only, and the other way round. Both
kinds occur in any Chinese text (a Traditional page quotes a Simplified name),
so the majority decides; a text with neither (only characters the two share)
is zh-Hans.
"""

from kb.extract.chinese import script_counts

LANGUAGES = ("en", "zh-Hans", "zh-Hant")
SAMPLE_CHARS = 20_000


def language_tag(base: str, text: str, declared: str | None = None) -> str:
    """`en`, or `zh-Hans` / `zh-Hant` for Chinese; a declared script (front matter, <html lang>) is kept."""
    if base != "zh":
        return base
    if declared:
        script = _script_of(declared)
        if script:
            return f"zh-{script}"
    return f"zh-{script_of_text(text)}"


def script_of_text(text: str) -> str:
    traditional_only, simplified_only = script_counts(text[:SAMPLE_CHARS])
    return "Hant" if traditional_only > simplified_only else "Hans"


def _script_of(tag: str) -> str | None:
    """The script a language tag names: zh-Hant, zh-TW, zh-HK, zh_TW -> Hant; zh-Hans, zh-CN, zh-SG -> Hans."""
    parts = {part.lower() for part in tag.replace("_", "-").split("-")}
    if parts & {"hant", "tw", "hk", "mo"}:
        return "Hant"
    if parts & {"hans", "cn", "sg"}:
        return "Hans"
    return None
