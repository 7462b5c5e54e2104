"""The search box's little language: words, "phrases" and prefixes (word*), all folded."""

import re
from dataclasses import dataclass

from search.text import fold_words

MAX_TERMS = 8


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    prefix: bool = False

    @property
    def pattern(self) -> str:
        """What the folded page text (" w1 w2 ") contains when the term is there."""
        inner = " ".join(self.words)
        return f" {inner}" if self.prefix else f" {inner} "

    @property
    def plain(self) -> str:
        """What documents' own search key (number, title, source reference) contains."""
        return " ".join(self.words)

    def regex(self) -> str:
        body = r"\s+".join(re.escape(word) for word in self.words)
        return rf"(?<!\w){body}" + ("" if self.prefix else r"(?!\w)")


def parse(query: str) -> list[Term]:
    terms: list[Term] = []
    query = (query or "")[:500]
    for phrase in re.findall(r'"([^"]*)"', query):
        words = fold_words(phrase)
        if words:
            terms.append(Term(tuple(words)))
    rest = re.sub(r'"[^"]*"?', " ", query)
    for token in rest.split():
        prefix = token.endswith("*")
        words = fold_words(token)
        if words:
            terms.append(Term(tuple(words), prefix=prefix))
    unique = list(dict.fromkeys(terms))
    return unique[:MAX_TERMS]
