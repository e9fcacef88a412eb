"""GET /search: Chinese substrings of any length, pinyin initials, credit codes, access rules."""

from crm.search import query
from tests.conftest import ref
from tests.search.conftest import CSCEC_USCC, found


def _companies(client, q):
    return found(client, q)["companies"]


def test_it_finds_a_one_character_term(signed_in, records):
    client = signed_in("alice")
    assert _companies(client, "建") == {f"/companies/{records[k]}"
                                       for k in ("cscec", "gapped", "reversed")}


def test_it_finds_a_two_character_term_and_not_its_characters_apart(signed_in, records):
    result = found(signed_in("alice"), "建筑")
    assert result["companies"] == {f"/companies/{records['cscec']}"}
    assert f"/projects/{ref(records['cscec_project'])}" in result["projects"]


def test_it_finds_a_longer_term_only_where_its_bigrams_are_in_sequence(signed_in, records):
    client = signed_in("bob")
    assert _companies(client, "中国建筑") == {f"/companies/{records['cscec']}"}
    assert _companies(client, "中国建") == {f"/companies/{records['cscec']}"}  # not 国建中国
    assert _companies(client, "国建中") == {f"/companies/{records['reversed']}"}


def test_it_finds_a_former_name_and_pinyin_initials(signed_in, records):
    client = signed_in("charlie")
    assert _companies(client, "工程总公司") == {f"/companies/{records['cscec']}"}
    assert _companies(client, "zgjz") == {f"/companies/{records['cscec']}"}
    assert _companies(client, "HBGT") == {f"/companies/{records['steel']}"}


def test_it_finds_a_credit_code_whole_or_in_part_in_any_case(signed_in, records):
    client = signed_in("admin")
    assert _companies(client, CSCEC_USCC) == {f"/companies/{records['cscec']}"}
    assert _companies(client, CSCEC_USCC[-8:].lower()) == {f"/companies/{records['cscec']}"}


def test_it_finds_a_contact_by_name_and_phone_and_links_the_company(signed_in, records):
    client = signed_in("leader")
    assert found(client, "建国")["contacts"] == {f"/companies/{records['cscec']}"}
    assert found(client, "03115678")["contacts"] == {f"/companies/{records['cscec']}"}
    assert found(client, "王")["contacts"] == {f"/companies/{records['cscec']}"}


def test_it_reads_words_apart_and_punctuation_inside_a_word(signed_in, records):
    client = signed_in("bob")
    assert _companies(client, "河北  有限公司") == {f"/companies/{records['steel']}"}
    assert _companies(client, "中国建筑（集团）") == {f"/companies/{records['cscec']}"}
    assert _companies(client, "中国建筑 钢铁") == set()


def test_it_counts_up_to_the_cap_and_says_there_are_more(signed_in, records, monkeypatch):
    monkeypatch.setattr(query, "CAP", 2)
    html = signed_in("alice").get("/search?q=建").get_data(as_text=True)
    assert "企业 2+ 条" in html and "匹配超过 2 条，仅显示其中 2 条" in html


def test_it_shows_the_shortest_names_first_when_there_are_more_than_it_lists(
        signed_in, records, monkeypatch):
    monkeypatch.setattr(query, "LIMIT", 2)
    client = signed_in("alice")
    assert _companies(client, "建") == {f"/companies/{records[k]}" for k in ("gapped", "cscec")}
    assert "企业 3 条" in client.get("/search?q=建").get_data(as_text=True)
