"""Attachments on /projects/<id>/agreements/new are checked by content before anything is kept."""

import sqlalchemy as sa

from crm import uploads
from crm.models import Agreement
from tests.agreements.conftest import PDF, png_header, text, upload
from tests.conftest import ref


def _post(client, pid, form, data, name):
    return client.post(f"/projects/{ref(pid)}/agreements/new",
                       data=form(attachment=upload(data, name)))


def test_it_rejects_a_renamed_executable(login_as, make_project, agreement_form, rows, uploaded):
    pid = make_project(owner="alice")
    elf = b"\x7fELF\x02\x01\x01" + b"\x00" * 500
    response = _post(login_as("alice"), pid, agreement_form, elf, "投资协议.pdf")
    assert response.status_code == 422 and uploads.MSG_TYPE in text(response)
    assert rows(sa.select(Agreement.id)) == [] and uploaded() == []


def test_it_rejects_an_oversized_file(login_as, make_project, agreement_form, rows, uploaded):
    pid = make_project(owner="alice")
    big = PDF[:-6] + b"\x00" * uploads.MAX_BYTES + b"%%EOF\n"
    response = _post(login_as("alice"), pid, agreement_form, big, "扫描件.pdf")
    assert uploads.MSG_TOO_BIG in text(response)
    assert rows(sa.select(Agreement.id)) == [] and uploaded() == []


def test_it_rejects_an_image_bomb(login_as, make_project, agreement_form, rows, uploaded):
    pid = make_project(owner="alice")
    response = _post(login_as("alice"), pid, agreement_form, png_header(100_000, 100_000),
                     "签字页.png")
    assert uploads.MSG_PIXELS in text(response)
    assert rows(sa.select(Agreement.id)) == [] and uploaded() == []


def test_it_keeps_a_pdf_with_its_name_and_type(login_as, make_project, agreement_form, rows,
                                               uploaded):
    pid = make_project(owner="alice")
    _post(login_as("alice"), pid, agreement_form, PDF, "投资协议（盖章）.pdf")
    [(stored_name, name, mime)] = rows(sa.select(
        Agreement.attachment_path, Agreement.attachment_name, Agreement.attachment_mime))
    assert (name, mime) == ("投资协议（盖章）.pdf", "application/pdf")
    assert uploaded() == [stored_name] and stored_name.endswith(".pdf")
