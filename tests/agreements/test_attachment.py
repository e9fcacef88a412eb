"""GET /projects/<id>/agreements/<id>/attachment: only for those who may read the project."""

import sqlalchemy as sa

from crm.models import Agreement
from tests.agreements.conftest import PDF, upload


def _with_attachment(client, pid, form, rows) -> int:
    client.post(f"/projects/{pid}/agreements/new",
                data=form(attachment=upload(PDF, "投资协议.pdf")))
    return rows(sa.select(Agreement.id))[0]


def test_it_serves_the_file_to_a_reader_as_a_download(login_as, make_project, agreement_form,
                                                      rows, as_user):
    pid = make_project(owner="alice")
    aid = _with_attachment(login_as("alice"), pid, agreement_form, rows)
    response = as_user("bob").get(f"/projects/{pid}/agreements/{aid}/attachment")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_it_answers_404_to_an_outsider(login_as, make_project, agreement_form, rows, as_user):
    pid = make_project(owner="alice", confidential=True, code_name="甲项目")
    aid = _with_attachment(login_as("alice"), pid, agreement_form, rows)
    assert as_user("charlie").get(f"/projects/{pid}/agreements/{aid}/attachment").status_code \
        == 404


def test_it_answers_404_for_another_projects_agreement(login_as, make_project, agreement_form,
                                                       rows):
    pid, other = make_project(owner="alice"), make_project("另一项目", owner="alice")
    client = login_as("alice")
    aid = _with_attachment(client, other, agreement_form, rows)
    assert client.get(f"/projects/{pid}/agreements/{aid}/attachment").status_code == 404


def test_it_lists_the_agreement_on_the_project_page(login_as, make_project, agreement_form, rows):
    pid = make_project(owner="alice")
    client = login_as("alice")
    aid = _with_attachment(client, pid, agreement_form, rows)
    page = client.get(f"/projects/{pid}").get_data(as_text=True)
    assert "投资协议" in page and "20,000.00万元" in page
    assert f"/projects/{pid}/agreements/{aid}/attachment" in page
