"""The written 简报: the sentence for hand-built figures word for word, the same built from the
cockpit's figures of the 2022 county, the page, and the .docx."""

import io

import docx
import pytest

from crm.reports.brief import Figures, compose
from tests.reports.conftest import xml_text

YI = 100_000_000
H1 = "/reports/brief?p=h1&y=2022"


@pytest.mark.parametrize("figures, sentence", [
    (Figures("2022年1-6月", signed=10, amount=3_298_000_000, started=10, producing=0, talks=12,
             talks_total=45 * YI),
     "2022年1-6月，全县共签约项目10个，签约总金额32.98亿元，已全部开工；"
     "在谈项目12个，计划总投资45.00亿元；暂无到位资金。"),
    (Figures("2022年1-6月", signed=10, amount=3_298_000_000, started=3, producing=1, talks=12,
             talks_total=0, intent=2, intent_amount=5 * YI, funds=150_000_000, new_leads=7),
     "2022年1-6月，全县共签约项目10个，签约总金额32.98亿元，已开工3个，开工率30.0%，"
     "其中已投产1个；签订框架协议（意向签约）2个，金额5.00亿元；在谈项目12个；"
     "到位资金1.50亿元；新增项目线索7个。"),
    (Figures("2022年9月", signed=0, amount=YI, started=0, producing=0, talks=0, talks_total=0),
     "2022年9月，全县无新签约项目，补充协议增加签约金额1.00亿元；暂无在谈项目；暂无到位资金。"),
    (Figures("2022年第四季度", signed=2, amount=2 * YI, started=0, producing=0, talks=1,
             talks_total=YI // 2, funds=1, area="本次活动"),
     "2022年第四季度，本次活动共签约项目2个，签约总金额2.00亿元，均未开工；"
     "在谈项目1个，计划总投资0.50亿元；到位资金0.00亿元。"),
    (Figures("2023年全年", signed=0, amount=0, started=0, producing=0, talks=3, talks_total=0),
     "2023年全年，全县暂无新签约项目；在谈项目3个；暂无到位资金。"),
])
def test_the_sentence_for_hand_built_figures(figures, sentence):
    assert compose(figures) == sentence


def test_the_page_builds_it_from_the_cockpit_figures_of_the_viewer(get, county):
    # alice does not see 项目11: ten signings, 32.98亿; 开工 3 of 10; funds 1 + 0.5亿.
    # (No stage history in this county, so no project was 在谈 at the end of June 2022.)
    page = get("alice", H1)
    assert page.status_code == 200
    assert ("2022年上半年，全县共签约项目10个，签约总金额32.98亿元，已开工3个，开工率30.0%；"
            "暂无在谈项目；到位资金1.50亿元。") in page.get_data(as_text=True)
    leader = get("leader", H1).get_data(as_text=True)
    assert ("2022年上半年，全县共签约项目11个，签约总金额33.98亿元，已开工3个，开工率27.3%；"
            "暂无在谈项目；到位资金1.80亿元。") in leader


def test_a_bad_period_is_named_on_its_field(get, county):
    page = get("alice", "/reports/brief?p=month&y=2022&m=13")
    assert page.status_code == 422
    assert "月份应为1–12之间的整数" in page.get_data(as_text=True)
    assert get("alice", "/reports/brief.docx?p=custom&from=2022-13-01&to=x").status_code == 422


def _document(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return docx.Document(io.BytesIO(response.get_data()))


def test_the_docx_carries_the_paragraph_and_the_key_tables(get, county):
    doc = _document(get("alice", "/reports/brief.docx?p=h1&y=2022"))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == "招商引资工作简报（2022年上半年）"
    assert paragraphs[2].startswith("2022年上半年，全县共签约项目10个，签约总金额32.98亿元")
    key, signed = doc.tables
    assert [c.text for c in key.rows[1].cells] == ["签约项目", "10", "32.98"]
    assert [c.text for c in signed.rows[0].cells] == ["序号", "项目名称", "主投资方", "签约日期",
                                                      "本期签约金额"]
    assert [c.text for c in signed.rows[-1].cells][1:] == ["合计（10个）", "", "",
                                                           "329800万元"]
    assert "项目11" not in xml_text(get("alice", "/reports/brief.docx?p=h1&y=2022&real_names=1")
                                    .get_data())


def test_the_docx_shows_code_names_unless_real_names_are_ticked(get, county):
    names = [r.cells[1].text for r in _document(get("leader", "/reports/brief.docx?p=h1&y=2022"))
             .tables[1].rows]
    assert "代号十一" in names and "项目11" not in names
    names = [r.cells[1].text for r in _document(
        get("leader", "/reports/brief.docx?p=h1&y=2022&real_names=1")).tables[1].rows]
    assert "项目11" in names
