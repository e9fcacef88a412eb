"""One search box across projects, companies and contacts: /search."""

from crm.search import cli, index, options, routes  # noqa: F401  (routes register on bp)
from crm.search.blueprint import bp


def init_app(app) -> None:
    """The index's flush hook and `flask reindex-search`."""
    index.init_app(app)
    app.cli.add_command(cli.reindex_search)


__all__ = ["bp", "init_app"]
