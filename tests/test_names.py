import pytest

from crm.names import normalise_company_name, pinyin_initials


@pytest.mark.parametrize(("name", "expected"), [
    ("中国建筑集团有限公司", "中国建筑"),
    ("中国建筑股份有限公司", "中国建筑"),
    ("中国建筑", "中国建筑"),
    ("华睿控股集团有限公司", "华睿控股"),
    ("河北安盾安防科技有限责任公司", "河北安盾安防科技"),
    ("德林化学（中国）有限公司", "德林化学"),
    ("德林化学(中国)有限公司", "德林化学"),
    ("ＡＢＢ（中国）有限公司", "abb"),
    (" 格锐恩 （河北） 绿色钢能科技 有限公司 ", "格锐恩(河北)绿色钢能科技"),
    ("集团", "集团"),  # never strip a name down to nothing
    ("", ""),
])
def test_it_normalises_company_names_for_the_duplicate_check(name, expected):
    assert normalise_company_name(name) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("中国建筑", "zgjz"),
    ("重庆长安", "cqca"),  # phrase-aware: 重 read chong, 长 read chang
    ("格锐恩绿色钢能循环利用项目", "grelsgnxhlyxm"),
    ("ABB电气", "abbdq"),
    ("项目K-07", "xmk"),  # letters only: digits and marks are dropped
    ("德林化学（中国）", "dlhxzg"),
    (" 张 伟 ", "zw"),
    ("", ""),
])
def test_it_computes_pinyin_initials_for_search(text, expected):
    assert pinyin_initials(text) == expected
