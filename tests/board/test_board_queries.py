"""GET /projects/board costs the same queries for 10 and 40 cards (one for the cards, one
GROUP BY for the column sums, and the eager loads)."""

from datetime import date, timedelta

from crm.domain.stages import Stage
from crm.projects.board import CARDS_PER_COLUMN
from tests.board.conftest import column, text
from tests.projects.test_index_queries import _page_queries, _queries_of

STAGES = list(Stage)


def _fill(make_project, count: int, start: int) -> None:
    for n in range(start, start + count):
        make_project(f"项目{n}", owner="alice" if n % 2 else "bob", members=("bob",) if n % 3
                     else (), investors=(f"投资企业{n}",), stage=STAGES[n % len(STAGES)],
                     total_investment=10**8)


def test_it_runs_the_same_queries_for_10_and_40_cards(app, as_user, make_project):
    _fill(make_project, 10, 0)
    at_10 = _queries_of(app, as_user("alice"), "/projects/board")
    _fill(make_project, 30, 10)
    at_40 = _queries_of(app, as_user("alice"), "/projects/board")
    assert len(at_40) == len(at_10)
    assert len(_page_queries(at_40)) <= 6, _page_queries(at_40)


def test_a_column_shows_its_latest_cards_with_the_exact_count_and_sum_of_all(
        app, as_user, make_project):
    extra = 5
    for n in range(CARDS_PER_COLUMN + extra):
        make_project(f"洽谈项目{n:02d}", stage=Stage.negotiation, total_investment=10**8 + n,
                     stage_date=date(2026, 1, 1) + timedelta(days=n))
    # Confidential projects of someone else's team are neither shown nor counted.
    make_project("保密项目", owner="bob", stage=Stage.negotiation, confidential=True,
                 code_name="甲", total_investment=10**12)
    page = column(text(as_user("alice").get("/projects/board")), "negotiation")
    shown = page.count('class="card board-card')
    assert shown == CARDS_PER_COLUMN
    count = CARDS_PER_COLUMN + extra
    assert f'data-count="{count}"' in page
    assert f'data-total="{count * 10**8 + sum(range(count))}"' in page
    # The latest changes are the ones shown; the earliest five are behind the link.
    assert "洽谈项目24" in page and "洽谈项目05" in page and "洽谈项目04" not in page
    assert f"还有 {extra} 个，在项目库中查看" in page and "保密项目" not in page
