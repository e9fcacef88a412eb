"""Search keys and tokens, without Flask: what is stored for a name and what a query looks for.

Every searchable string is reduced to its letters and digits (NFKC, case-folded), so 中国建筑
（集团）, 中国建筑集团 and ＣＳＣＥＣ compare as people expect. A row's tokens are the character
bigrams of each string in order (SQLite's FTS5 phrase query needs the order), then each distinct
character once: a 1-character query looks up that unigram. Bigrams never contain a unigram token,
so the two kinds of token cannot match each other.

Each stored and sought token starts with its entity's mark (p 项目, c 企业, t 联系人), so a
term's index entries are those of one kind only: a common word in company names costs the
project and contact searches nothing. A marked unigram has two characters, a marked bigram
three, so they cannot match each other either.
"""

import re
import unicodedata

_RUN = re.compile(r"[^\W_]+")  # letters and digits of any script


def runs(value: str | None) -> list[str]:
    """The letter/digit runs of a string: "中国建筑 (ZGJZ)" -> ["中国建筑", "zgjz"]."""
    return _RUN.findall(unicodedata.normalize("NFKC", value or "").casefold())


def key(value: str | None) -> str:
    """A string with everything but letters and digits dropped: what substrings are sought in."""
    return "".join(runs(value))


def query_runs(query: str | None) -> list[str]:
    """What a query looks for: each word keyed as names are, so "K-07" finds 项目K-07 and
    "中国 建筑" finds both words anywhere in a name."""
    return [k for k in map(key, (query or "").split()) if k]


def bigrams(text: str) -> list[str]:
    return [text[i:i + 2] for i in range(len(text) - 1)]


def tokens(keys: list[str]) -> list[str]:
    """Index tokens for a row's keys: every key's bigrams in order, then each character once."""
    result = [gram for k in keys for gram in bigrams(k)]
    return result + list(dict.fromkeys(ch for k in keys for ch in k))


MARKS = {"project": "p", "company": "c", "contact": "t"}


def entity_tokens(entity: str, keys: list[str]) -> list[str]:
    """The stored tokens of one entry: its keys' tokens, each with the entity's mark."""
    mark = MARKS[entity]
    return [mark + token for token in tokens(keys)]


def query_terms(runs_: list[str]) -> list[list[str]]:
    """Per query run, the tokens that must all occur (as a phrase on SQLite)."""
    return [bigrams(run) if len(run) > 1 else [run] for run in runs_]


def entity_terms(entity: str, runs_: list[str]) -> list[list[str]]:
    """query_terms with the entity's mark on every token, as they are stored."""
    mark = MARKS[entity]
    return [[mark + token for token in terms] for terms in query_terms(runs_)]


def fts_match(entity: str, runs_: list[str]) -> str:
    """An FTS5 query: one quoted phrase per run (tokens are letters and digits only)."""
    return " ".join('"' + " ".join(terms) + '"' for terms in entity_terms(entity, runs_))
