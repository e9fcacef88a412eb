"""One search box across projects, companies and contacts: /search."""

from flask import Blueprint

bp = Blueprint("search", __name__)

# The route module registers on bp, so it is imported once bp exists; index installs the
# flush hook that keeps search_entries current.
from crm.search import cli, index, routes  # noqa: E402,F401


@bp.record_once
def _add_commands(state) -> None:
    state.app.cli.add_command(cli.reindex_search)
