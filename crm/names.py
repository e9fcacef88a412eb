"""Name keys stored on save: a normalised company name for the duplicate check, pinyin initials
for search (pypinyin costs ~70 µs a name, so it is computed once into an indexed column)."""

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

# Legal-form and group suffixes that differ between how a company is written and how people
# say it: 中国建筑集团有限公司, 中国建筑股份有限公司 and 中国建筑 are one investor.
_SUFFIXES = ("股份有限公司", "有限责任公司", "有限公司", "集团")
_CHINA_MARK = "(中国)"  # 西门子（中国）有限公司 is 西门子; NFKC has already made the brackets ASCII
_NOT_INITIAL = re.compile(r"[^a-z]")


def normalise_company_name(name: str) -> str:
    # NFKC folds full-width letters, digits and brackets (ＡＢＣ（中国）) to ASCII; case-folding
    # makes ABB and abb the same key.
    text = "".join(unicodedata.normalize("NFKC", name or "").split()).casefold()
    text = text.replace(_CHINA_MARK, "")
    # Strip repeatedly: 华睿控股集团有限公司 -> 华睿控股集团 -> 华睿控股.
    stripped = True
    while stripped:
        stripped = False
        for suffix in _SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                stripped = True
    return text


def pinyin_initials(text: str) -> str:
    """中国建筑 -> "zgjz"; Latin words stay whole (ABB电气 -> "abbdq"); other marks dropped."""
    folded = unicodedata.normalize("NFKC", text or "")
    return _NOT_INITIAL.sub("", "".join(lazy_pinyin(folded, style=Style.FIRST_LETTER)).lower())
