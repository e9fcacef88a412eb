"""Which page of a list to show: one rule for every paged list."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    number: int  # 1-based, within 1..pages
    pages: int   # at least 1: an empty list still has its (empty) first page
    size: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


def page(requested: int | None, total: int, size: int) -> Page:
    """The requested page, clamped to the pages `total` rows fill (a stale link past the end
    shows the last page rather than nothing)."""
    pages = max(1, -(-total // size))
    return Page(min(max(requested or 1, 1), pages), pages, size)
