"""Board test helpers: the project fixtures of tests/projects."""

from tests.projects.conftest import (  # noqa: F401
    agreement,
    as_user,
    make_project,
    stored,
    text,
)


def column(page: str, stage: str) -> str:
    """The HTML of one stage's column on the board."""
    return page.split(f'data-stage="{stage}" data-rank=')[1].split("</section>")[0]
