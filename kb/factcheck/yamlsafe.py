"""Reading fact-check YAML that cannot explode.

YAML anchors and aliases let 540 bytes expand to gigabytes ("billion laughs");
fact-check files are written by `kb cite`/`kb verdict` and by hand, and neither
needs them, so any anchor or alias is refused with its file and line. The events
are checked before anything is built (PyYAML's C parser when present, which
does not expand aliases), then the text is loaded by the safe loader.
"""

from pathlib import Path

import yaml

from kb import KBError
from kb.sources import read_regular

MAX_FACTCHECK_BYTES = 20_000_000  # 10,000 citations take about 3 MB
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml_text(text: str, name: str):
    """Parse YAML text with no anchors or aliases; errors name the file and line."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                kind = "alias *" if isinstance(event, yaml.AliasEvent) else "anchor &"
                raise KBError(f"{name}: line {event.start_mark.line + 1}: YAML {kind}{event.anchor} is not allowed in "
                              "fact-check files (anchors and aliases can expand without bound); write the values out")
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise KBError(f"{name}: not valid YAML: {exc}") from None


def read_text(path: Path, encoding: str = "utf-8") -> str:
    """A fact-check or citations file's text: a regular file, at most MAX_FACTCHECK_BYTES."""
    data = read_regular(path, MAX_FACTCHECK_BYTES, what="fact-check file")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise KBError(f"{path}: not UTF-8 text: {exc}") from None
