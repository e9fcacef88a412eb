"""GET /projects/board costs the same queries for 10 and 40 cards (one for the cards, one
GROUP BY for the column sums, and the eager loads)."""

from crm.domain.stages import Stage
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
