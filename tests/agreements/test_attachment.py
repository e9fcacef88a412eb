"""Agreement attachments end to end: what the upload refuses, where the file is kept, and
GET /projects/<id>/agreements/<id>/attachment (only for readers, always a download)."""

import io
import re
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from pypdf import PdfWriter

from crm import create_app, uploads
from crm.extensions import db
from crm.models import Agreement
from tests.agreements.conftest import text, upload
from tests.conftest import CsrfClient, email_of, ref

GENERATED = re.compile(r"[0-9a-f]{32}\.pdf")
# A Windows executable with the PDF signature at byte 100 and a trailer: what the probe sent.
MZ_WITH_PDF_INSIDE = b"MZ\x90\x00" + b"\x00" * 96 + b"%PDF-1.4\n" + b"\x00" * 400 + b"%%EOF\n"


def _real_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


PDF = _real_pdf()


def _post(client, pid, form, data=PDF, name="投资协议.pdf"):
    return client.post(f"/projects/{ref(pid)}/agreements/new",
                       data=form(attachment=upload(data, name)))


def _with_attachment(client, pid, form, rows, name="投资协议.pdf") -> int:
    assert _post(client, pid, form, name=name).status_code == 302
    return rows(sa.select(Agreement.id))[0]


def _download(client, pid, aid):
    return client.get(f"/projects/{ref(pid)}/agreements/{aid}/attachment")


def test_it_serves_the_file_to_a_reader_as_a_download(login_as, make_project, agreement_form,
                                                      rows, as_user):
    pid = make_project(owner="alice")
    aid = _with_attachment(login_as("alice"), pid, agreement_form, rows)
    response = _download(as_user("bob"), pid, aid)
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_it_answers_404_to_an_outsider(login_as, make_project, agreement_form, rows, as_user):
    pid = make_project(owner="alice", confidential=True, code_name="甲项目")
    aid = _with_attachment(login_as("alice"), pid, agreement_form, rows)
    assert _download(as_user("charlie"), pid, aid).status_code == 404


def test_it_answers_404_for_another_projects_agreement(login_as, make_project, agreement_form,
                                                       rows):
    pid, other = make_project(owner="alice"), make_project("另一项目", owner="alice")
    client = login_as("alice")
    aid = _with_attachment(client, other, agreement_form, rows)
    assert _download(client, pid, aid).status_code == 404


def test_it_lists_the_agreement_on_the_project_page(login_as, make_project, agreement_form, rows):
    pid = make_project(owner="alice")
    client = login_as("alice")
    aid = _with_attachment(client, pid, agreement_form, rows)
    page = client.get(f"/projects/{ref(pid)}").get_data(as_text=True)
    assert "投资协议" in page and "20,000.00万元" in page
    assert f"/projects/{ref(pid)}/agreements/{aid}/attachment" in page


# A real PDF is accepted whatever it is called (scanners and WeChat name files oddly), but it
# is never handed back under a runnable name: the download carries the checked type's extension.
def test_it_serves_a_pdf_uploaded_as_setup_exe_as_setup_pdf(login_as, make_project,
                                                            agreement_form, rows):
    pid = make_project(owner="alice")
    client = login_as("alice")
    aid = _with_attachment(client, pid, agreement_form, rows, name="setup.exe")
    response = _download(client, pid, aid)
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=setup.pdf"


def test_it_gives_a_chinese_name_in_rfc_5987_form(login_as, make_project, agreement_form, rows):
    pid = make_project(owner="alice")
    client = login_as("alice")
    aid = _with_attachment(client, pid, agreement_form, rows, name="投资协议（盖章）.exe")
    disposition = _download(client, pid, aid).headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('投资协议（盖章）.pdf')}" in disposition


def test_it_keeps_a_signed_contract_out_of_every_cache(login_as, make_project, agreement_form,
                                                       rows):
    pid = make_project(owner="alice")
    client = login_as("alice")
    aid = _with_attachment(client, pid, agreement_form, rows)
    assert "no-store" in _download(client, pid, aid).headers["Cache-Control"]


@pytest.mark.parametrize(("data", "message"), [
    (MZ_WITH_PDF_INSIDE, uploads.MSG_TYPE),
    (b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", uploads.MSG_PDF),
])
def test_it_refuses_a_fake_pdf_and_writes_nothing(login_as, make_project, agreement_form, rows,
                                                  uploaded, data, message):
    pid = make_project(owner="alice")
    response = _post(login_as("alice"), pid, agreement_form, data, "setup.exe")
    assert response.status_code == 422 and message in text(response)
    assert rows(sa.select(Agreement.id)) == [] and uploaded() == []


def test_it_keeps_the_file_under_a_generated_name_in_the_configured_folder(
        app, login_as, make_project, agreement_form, rows, tmp_path):
    pid = make_project(owner="alice")
    _with_attachment(login_as("alice"), pid, agreement_form, rows, name="setup.exe")
    [(stored_name, name)] = rows(sa.select(Agreement.attachment_path, Agreement.attachment_name))
    assert GENERATED.fullmatch(stored_name) and name == "setup.exe"
    folder = Path(app.config["UPLOAD_FOLDER"])
    assert folder.is_relative_to(tmp_path)  # the test's folder, not the checkout's instance/
    assert (folder / stored_name).read_bytes() == PDF


def _app_without_upload_folder(app, **settings):
    keys = ("TESTING", "DATABASE_URL", "SECRET_KEY", "PASSWORD_HASHER", "HTTPS")
    other = create_app({**{key: app.config[key] for key in keys}, **settings})
    other.test_client_class = CsrfClient
    return other


def test_it_takes_the_upload_folder_from_the_environment(app, users, make_project,
                                                         agreement_form, rows, tmp_path,
                                                         monkeypatch):
    folder = tmp_path / "from-env"
    monkeypatch.setenv("UPLOAD_FOLDER", str(folder))
    other = _app_without_upload_folder(app)
    try:
        client = other.test_client()
        client.login(email_of("alice"))
        pid = make_project(owner="alice")
        aid = _with_attachment(client, pid, agreement_form, rows)
        [stored_name] = rows(sa.select(Agreement.attachment_path))
        assert [p.name for p in folder.iterdir()] == [stored_name]
        assert _download(client, pid, aid).data == PDF
    finally:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def test_it_puts_a_relative_upload_folder_under_the_instance_folder(app):
    other = _app_without_upload_folder(app, UPLOAD_FOLDER="attachments")
    # Absolute, so storing (relative to the working directory) and send_file (relative to
    # the package) cannot disagree about where the file is.
    assert other.config["UPLOAD_FOLDER"] == str(Path(other.instance_path) / "attachments")
    with other.app_context():
        db.engine.dispose()
