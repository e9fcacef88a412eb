"""GET /search: projects, companies and contacts in one list, within the user's access."""

from flask import render_template, request
from flask_login import current_user

from crm.access import roles_required
from crm.models import Role
from crm.search.blueprint import bp
from crm.search.forms import SearchForm
from crm.search.query import LIMIT, search
from crm.search.text import query_runs


@bp.get("/search")
@roles_required(Role.leader, Role.staff, Role.liaison, Role.admin)
def index():
    form = SearchForm(request.args)
    results = None
    if form.q.data and form.validate():
        terms = query_runs(form.q.data)
        if terms:
            results = search(current_user, terms)
        else:
            form.q.errors.append("请输入汉字、字母或数字")
    return render_template("search/index.html", form=form, results=results, limit=LIMIT)
