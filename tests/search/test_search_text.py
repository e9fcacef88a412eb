"""Keys and tokens: what the index stores and what a query looks for."""

from crm.search.text import (
    entity_terms,
    entity_tokens,
    fts_match,
    key,
    query_runs,
    query_terms,
    runs,
    tokens,
)


def test_it_keeps_letters_and_digits_folded_to_half_width_lower_case():
    assert key("中国建筑（集团） ＣＳＣＥＣ-1") == "中国建筑集团cscec1"
    assert runs("中国 建筑, ZGJZ") == ["中国", "建筑", "zgjz"]
    assert runs("%_（）") == []


def test_it_keys_each_word_of_a_query_as_names_are_keyed():
    assert query_runs("K-07  中国\u3000建筑（集团）") == ["k07", "中国", "建筑集团"]
    assert query_runs(" %_ ") == []


def test_it_indexes_bigrams_in_order_then_each_character_once():
    assert tokens(["中国建筑", "建材"]) == ["中国", "国建", "建筑", "建材",
                                          "中", "国", "建", "筑", "材"]


def test_it_looks_up_a_unigram_for_one_character_and_a_phrase_of_bigrams_otherwise():
    assert query_terms(["建", "中国建筑"]) == [["建"], ["中国", "国建", "建筑"]]
    assert fts_match("company", ["建筑", "zgjz"]) == '"c建筑" "czg cgj cjz"'


def test_each_entity_marks_its_tokens_so_a_term_finds_one_kind_only():
    assert entity_tokens("project", ["建筑"]) == ["p建筑", "p建", "p筑"]
    assert entity_tokens("contact", ["建筑"]) == ["t建筑", "t建", "t筑"]
    assert entity_terms("company", ["建", "zgjz"]) == [["c建"], ["czg", "cgj", "cjz"]]
    # A marked unigram (2 characters) never equals a marked bigram (3 characters).
    assert {len(t) for t in entity_tokens("company", ["ab"])} == {2, 3}
