"""Demo investors: natures, flags, clusters, origins, credit codes, former names and contacts.

The companies are invented (any likeness to a real firm is accidental); the mix follows the
article: 央企/国企/头部企业/链主企业 pursued point to point, plus private firms of the four
clusters.
"""

import random
from dataclasses import dataclass, field
from datetime import date

from pypinyin import lazy_pinyin

from crm.domain.uscc import make_uscc
from crm.extensions import db
from crm.models import Company, CompanyFlag, CompanyFormerName, Contact, DictItem, DictKind
from crm.names import normalise_company_name, pinyin_initials


@dataclass(frozen=True)
class C:
    name: str
    nature: str  # DictKind.nature code
    cluster: str | None  # DictKind.cluster code
    industry: str  # GB/T 4754-2017 division
    origin: str
    region: str  # 6-digit administrative code of the registering authority
    parent: str = ""
    flags: tuple[tuple[str, int | None], ...] = ()  # (company_flag code, list year)
    former: tuple[tuple[str, int], ...] = ()  # (former name, years ago it changed)
    website: str = ""


Y = 2025  # list year of the 500-strong rankings and 专精特新 recognitions
COMPANIES: dict[str, C] = {
    # 央企
    "yejian": C("中国冶建集团有限公司", "central_soe", "building", "E48", "北京市", "110102",
                flags=(("fortune_global", Y), ("china_500", Y), ("chain_leader", None))),
    "yelv": C("中冶绿能科技有限公司", "central_soe", None, "C42", "北京市", "110106",
              parent="中国冶建集团有限公司", flags=(("head", None),)),
    "dianneng": C("中电新源（河北）能源有限公司", "central_soe", None, "D44", "河北省石家庄市",
                  "130104", parent="中国电能投资集团有限公司",
                  flags=(("fortune_global", Y), ("head", None))),
    "huake": C("中化华科新材料有限公司", "central_soe", "fine_chem", "C26", "北京市", "110105",
               parent="中国化工材料集团有限公司",
               flags=(("fortune_global", Y), ("chain_leader", None))),
    "zhonglv": C("中旅康养产业投资有限公司", "central_soe", "tourism_health", "N78", "北京市",
                 "110101", parent="中国文旅集团有限公司", flags=(("china_500", Y),)),
    "guocai": C("国材科技发展有限公司", "central_soe", "building", "C30", "北京市", "110108",
                parent="中国国材集团有限公司",
                flags=(("fortune_global", Y), ("chain_leader", None), ("listed", None))),
    # 地方国企
    "jizhong": C("冀中建设投资集团有限公司", "local_soe", "building", "E48", "河北省石家庄市",
                 "130102", flags=(("china_500", Y),)),
    "chengfa": C("邯郸市城市发展投资集团有限公司", "local_soe", "tourism_health", "L72",
                 "河北省邯郸市", "130402"),
    "qilu": C("齐鲁建工装配科技有限公司", "local_soe", "building", "C30", "山东省济南市",
              "370102", parent="齐鲁建工集团有限公司", flags=(("head", None),)),
    "binhai": C("天津滨海化工投资有限公司", "local_soe", "fine_chem", "C26", "天津市", "120116"),
    "jinneng": C("晋能绿色钢铁有限公司", "local_soe", None, "C31", "山西省长治市", "140403",
                 parent="晋能控股集团有限公司", flags=(("china_500", Y),)),
    # 民营
    "geruien": C("格锐恩（河北）绿色钢能科技有限公司", "private", None, "C42", "北京市",
                 "130427", parent="格锐恩控股集团有限公司",
                 flags=(("chain_leader", None), ("head", None)),
                 former=(("磁县格锐恩再生资源有限公司", 2),)),
    "ruineng": C("深圳市瑞能电源技术有限公司", "private", None, "C38", "广东省深圳市", "440305",
                 parent="瑞能科技股份有限公司",
                 flags=(("specialized", Y), ("listed", None), ("head", None)),
                 former=(("深圳瑞能电子有限公司", 4),), website="https://ruineng.example.com"),
    "yuanju": C("上海元聚新能源汽车电子有限公司", "private", None, "C36", "上海市", "310115",
                flags=(("specialized", Y),)),
    "huacai": C("浙江华彩童装有限公司", "private", "kids_security", "C18", "浙江省湖州市",
                "330502", flags=(("head", None),), former=(("湖州华彩服饰有限公司", 3),)),
    "tongxing": C("湖州织里童星服饰有限公司", "private", "kids_security", "C18", "浙江省湖州市",
                  "330502"),
    "tonghua": C("广州童画服装有限公司", "private", "kids_security", "C18", "广东省广州市",
                 "440106"),
    "andun": C("河北安盾安防科技有限公司", "private", "kids_security", "C39", "河北省石家庄市",
               "130108", flags=(("specialized", Y),)),
    "haishi": C("杭州海视智能安防股份有限公司", "private", "kids_security", "C39",
                "浙江省杭州市", "330108", flags=(("listed", None), ("head", None),
                                              ("chain_leader", None))),
    "taihe": C("江苏泰和精细化工有限公司", "private", "fine_chem", "C26", "江苏省泰州市",
               "321283", flags=(("specialized", Y),)),
    "qisheng": C("山东齐晟新材料股份有限公司", "private", "fine_chem", "C26", "山东省淄博市",
                 "370303", flags=(("listed", None), ("chain_leader", None),
                                  ("private_500", Y))),
    "huahan": C("河北华邯精细化工有限公司", "private", "fine_chem", "C26", "河北省邯郸市",
                "130427", flags=(("specialized", Y),)),
    "runhua": C("石家庄润华化工有限公司", "private", "fine_chem", "C26", "河北省石家庄市",
                "130104"),
    "cizhouyao": C("河北磁州窑文化旅游发展有限公司", "private", "tourism_health", "R88",
                   "河北省邯郸市", "130427"),
    "kangyi": C("北京康颐养老产业集团有限公司", "private", "tourism_health", "Q85", "北京市",
                "110105", flags=(("head", None),)),
    "boyuan": C("广东博远装配式建筑科技有限公司", "private", "building", "C30", "广东省佛山市",
                "440604", flags=(("private_500", Y), ("head", None))),
    "jici": C("河北冀磁新型建材有限公司", "private", "building", "C30", "河北省邯郸市",
              "130427"),
    "gangliang": C("安阳钢联再生资源有限公司", "private", None, "C42", "河南省安阳市", "410502"),
    "huarui": C("华睿控股集团有限公司", "private", None, "L72", "浙江省杭州市", "330106",
                flags=(("private_500", Y), ("china_500", Y))),
    "yongxing": C("河北永兴光伏科技有限公司", "private", None, "C38", "河北省邢台市", "130502"),
    "zhilian": C("北京中科智链物流有限公司", "private", None, "G59", "北京市", "110108",
                 flags=(("specialized", Y),)),
    "tongan": C("邯郸童安儿童用品有限公司", "private", "kids_security", "C24", "河北省邯郸市",
                "130427"),
    # 外资
    "delin": C("德林化学（中国）有限公司", "foreign", "fine_chem", "C26", "德国", "310115",
               parent="Delin Chemie AG", flags=(("fortune_global", Y),),
               former=(("德林化工（上海）有限公司", 5),)),
    "rijing": C("日精安防科技（苏州）有限公司", "foreign", "kids_security", "C39", "日本",
                "320505", parent="日精光学株式会社"),
    "shinaite": C("施耐特安防系统（上海）有限公司", "foreign", "kids_security", "C39", "法国",
                  "310112", parent="Schnaitt Sécurité SA", flags=(("fortune_global", Y),)),
    "hanxing": C("韩星服饰（青岛）有限公司", "foreign", "kids_security", "C18", "韩国", "370211"),
    "fengyuan": C("丰源康养投资（北京）有限公司", "foreign", "tourism_health", "Q85", "新加坡",
                  "110105"),
    # 港澳台
    "jiahua": C("嘉华建材投资（深圳）有限公司", "hk_macao_tw", "building", "C30",
                "香港特别行政区", "440304", parent="香港嘉华建材集团有限公司"),
    "hongxin": C("宏鑫精密化工（昆山）有限公司", "hk_macao_tw", "fine_chem", "C26", "台湾地区",
                 "320583", parent="宏鑫精密化工股份有限公司"),
    "haojiang": C("濠江文旅（珠海）有限公司", "hk_macao_tw", "tourism_health", "N78",
                  "澳门特别行政区", "440402"),
    # 其他
    "jijin": C("河北省中小企业发展基金（有限合伙）", "other", None, "J67", "河北省石家庄市",
               "130102"),
}

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
_GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛",
          "明", "超", "秀英", "华", "建华", "志强", "海燕", "晓东", "立新", "国栋", "雪梅",
          "振宇", "佳琪", "子豪", "思远", "文博", "春生", "红梅", "永刚", "宏伟", "玉兰"]
_TITLES = ["董事长", "总经理", "副总经理", "投资发展部部长", "战略投资总监", "项目经理",
           "办公室主任", "基建部经理", "财务总监"]


@dataclass
class Built:
    companies: dict[str, Company] = field(default_factory=dict)
    contacts: dict[str, list[Contact]] = field(default_factory=dict)


def _org_code(rng: random.Random) -> str:
    """A 9-character organisation code (GB 11714) with its own check character."""
    body = [rng.randrange(10) for _ in range(8)]
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    check = 11 - sum(w * d for w, d in zip(weights, body, strict=True)) % 11
    return "".join(map(str, body)) + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(rng: random.Random, region: str, used: set[str]) -> str:
    """GB 32100: registration authority 9 (工商) and kind 1 (企业), region, org code, check."""
    while True:
        code = make_uscc("91" + region + _org_code(rng))
        if code not in used:
            used.add(code)
            return code


def person_name(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN)


def mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randrange(10)}-{rng.randrange(10**4):04d}-" \
           f"{rng.randrange(10**4):04d}"


def _contacts(rng: random.Random, domain: str) -> list[Contact]:
    rows = []
    for title in rng.sample(_TITLES, rng.randint(2, 3)):
        name = person_name(rng)
        spelled = "".join(lazy_pinyin(name))
        rows.append(Contact(
            name=name, name_initials=pinyin_initials(name), title=title, phone=mobile(rng),
            email=f"{spelled}@{domain}", wechat=f"{spelled}{rng.randrange(100, 1000)}",
        ))
    return rows


def create(rng: random.Random, items: dict[tuple[DictKind, str], DictItem],
           today: date) -> Built:
    built, used = Built(), set()
    for key, spec in COMPANIES.items():
        flags = [CompanyFlag(flag=items[DictKind.company_flag, code], list_year=year)
                 for code, year in spec.flags]
        former = [CompanyFormerName(name=old, name_normalized=normalise_company_name(old),
                                    until=date(today.year - years_ago, rng.randint(1, 12), 1))
                  for old, years_ago in spec.former]
        company = Company(
            name=spec.name, name_normalized=normalise_company_name(spec.name),
            name_initials=pinyin_initials(spec.name), uscc=credit_code(rng, spec.region, used),
            nature=items[DictKind.nature, spec.nature],
            cluster=items[DictKind.cluster, spec.cluster] if spec.cluster else None,
            industry_code=spec.industry, origin=spec.origin, parent_group=spec.parent,
            listed=any(code == "listed" for code, _ in spec.flags), website=spec.website,
            flags=flags, former_names=former,
            contacts=_contacts(rng, f"{key}.example.com"),
        )
        built.companies[key] = company
        built.contacts[key] = company.contacts
    db.session.add_all(built.companies.values())
    return built
