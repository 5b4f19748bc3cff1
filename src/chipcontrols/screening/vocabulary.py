"""Word tables used by name normalisation: legal forms, spelling variants, weak words, places, Chinese business words.

These tables are part of the matcher version: changing them changes scores, so a change means a new matcher
version (see ``matcher.py``). Every entry is lowercase ASCII after folding, except the Chinese tables.
"""

from __future__ import annotations

import re

import pycountry
from anyascii import anyascii

__all__ = [
    "CHINESE_BUSINESS_WORDS",
    "CHINESE_LEGAL_FORMS",
    "CHINESE_PLACES",
    "CHINESE_TRADE_NAMES",
    "COUNTRY_PLACES",
    "LEADING_LEGAL_FORMS",
    "LEGAL_FORM_GROUPS",
    "LEGAL_FORMS",
    "PLACE_WORDS",
    "SPELLING_VARIANTS",
    "WEAK_WORDS",
]

# Legal-form phrases (folded tokens) -> canonical form. Longest phrases are matched first.
LEGAL_FORMS: dict[tuple[str, ...], str] = {
    ("co", "ltd"): "ltd",
    ("company", "limited"): "ltd",
    ("company", "ltd"): "ltd",
    ("co", "limited"): "ltd",
    ("ltd", "co"): "ltd",
    ("limited", "company"): "ltd",
    ("limited", "liability", "company"): "llc",
    ("limited", "liability", "co"): "llc",
    ("ltd", "liability", "co"): "llc",
    ("llc",): "llc",
    ("l", "l", "c"): "llc",
    ("limited",): "ltd",
    ("ltd",): "ltd",
    ("co",): "co",
    ("company",): "co",
    ("corporation",): "corp",
    ("corp",): "corp",
    ("incorporated",): "inc",
    ("inc",): "inc",
    ("plc",): "plc",
    ("public", "limited", "company"): "plc",
    ("llp",): "llp",
    ("lp",): "lp",
    ("pte", "ltd"): "ltd",
    ("private", "limited"): "ltd",
    ("pvt", "ltd"): "ltd",
    ("pty", "ltd"): "ltd",
    ("sdn", "bhd"): "ltd",
    ("bhd",): "ltd",
    ("gmbh",): "gmbh",
    ("gesellschaft", "mit", "beschrankter", "haftung"): "gmbh",
    ("mbh",): "gmbh",
    ("ag",): "ag",
    ("aktiengesellschaft",): "ag",
    ("kg",): "kg",
    ("gmbh", "co", "kg"): "kg",
    ("ooo",): "ooo",
    ("obshchestvo", "s", "ogranichennoy", "otvetstvennostyu"): "ooo",
    ("obshchestvo", "s", "ogranichennoi", "otvetstvennostyu"): "ooo",
    ("tov",): "ooo",
    ("ao",): "jsc",
    ("oao",): "jsc",
    ("zao",): "jsc",
    ("pao",): "jsc",
    ("jsc",): "jsc",
    ("ojsc",): "jsc",
    ("cjsc",): "jsc",
    ("pjsc",): "jsc",
    ("joint", "stock", "company"): "jsc",
    ("open", "joint", "stock", "company"): "jsc",
    ("closed", "joint", "stock", "company"): "jsc",
    ("public", "joint", "stock", "company"): "jsc",
    ("aktsionernoe", "obshchestvo"): "jsc",
    ("otkrytoe", "aktsionernoe", "obshchestvo"): "jsc",
    ("zakrytoe", "aktsionernoe", "obshchestvo"): "jsc",
    ("publichnoe", "aktsionernoe", "obshchestvo"): "jsc",
    ("sa",): "sa",
    ("s", "a"): "sa",
    ("sarl",): "sa",
    ("sas",): "sa",
    ("srl",): "sa",
    ("spa",): "sa",
    ("sl",): "sa",
    ("sa", "de", "cv"): "sa",
    ("bv",): "bv",
    ("nv",): "bv",
    ("kk",): "kk",
    ("kabushiki", "kaisha"): "kk",
    ("as",): "as",
    ("ab",): "as",
    ("oy",): "as",
    ("fze",): "fze",
    ("fzco",): "fze",
    ("fzc",): "fze",
    ("fz", "llc"): "fze",
    ("sp", "z", "o", "o"): "spzoo",
    ("sp", "z", "oo"): "spzoo",
    ("spzoo",): "spzoo",
    ("sro",): "spzoo",
    ("s", "r", "o"): "spzoo",
    ("societatea", "cu", "raspundere", "limitata"): "sa",
    ("ano",): "npo",
    ("avtonomnaya", "nekommercheskaya", "organizatsiya"): "npo",
    ("eood",): "spzoo",
    ("ood",): "spzoo",
    ("doo",): "spzoo",
    ("d", "o", "o"): "spzoo",
    # Chinese legal forms written in pinyin.
    ("youxian", "gongsi"): "ltd",
    ("youxiangongsi",): "ltd",
    ("gufen", "youxian", "gongsi"): "ltd",
    ("gufenyouxiangongsi",): "ltd",
    ("youxian", "zeren", "gongsi"): "ltd",
    ("youxianzeren", "gongsi"): "ltd",
    ("youxianzerengongsi",): "ltd",
    ("gongsi",): "co",
}

# Forms that commonly stand before the name (Russian/Ukrainian practice: "OOO Romashka", "AO Rosatom").
LEADING_LEGAL_FORMS: frozenset[str] = frozenset(
    {"ooo", "oao", "zao", "pao", "ao", "jsc", "ojsc", "cjsc", "pjsc", "tov", "llc", "ano", "srl", "sa", "eood"}
)

# Canonical forms in the same group are interchangeable in translations ("Co., Ltd." vs "Corporation"); two names
# whose legal forms fall in different groups (GmbH vs Ltd) are probably different legal persons.
LEGAL_FORM_GROUPS: dict[str, str] = {
    "ltd": "common", "llc": "common", "co": "common", "corp": "common", "inc": "common", "plc": "common",
    "llp": "common", "lp": "common", "fze": "common",
    "gmbh": "de", "ag": "de", "kg": "de",
    "ooo": "ru", "jsc": "ru",
    "sa": "romance", "bv": "nl", "kk": "jp", "as": "nordic", "spzoo": "central_europe", "npo": "npo",
}

# Spelling variants folded to one form before comparison (abbreviations, plurals of business words, UK/US).
SPELLING_VARIANTS: dict[str, str] = {
    "technologies": "technology", "tech": "technology", "techn": "technology", "technol": "technology",
    "intl": "international", "int'l": "international", "internat": "international",
    "mfg": "manufacturing", "manufacture": "manufacturing", "manufacturer": "manufacturing",
    "electronics": "electronic", "elec": "electronic", "electron": "electronic",
    "industries": "industry", "ind": "industry", "indus": "industry",
    "systems": "system", "sys": "system",
    "communications": "communication", "comm": "communication", "telecommunications": "telecommunication",
    "holdings": "holding",
    "laboratories": "laboratory", "labs": "laboratory", "lab": "laboratory",
    "organisation": "organization", "centre": "center", "ctr": "center",
    "univ": "university", "inst": "institute", "institution": "institute", "dept": "department",
    "natl": "national", "assn": "association", "bros": "brothers",
    "services": "service", "svcs": "service", "sciences": "science", "solutions": "solution",
    "networks": "network", "products": "product", "materials": "material", "instruments": "instrument",
    "microelectronics": "microelectronic", "semiconductors": "semiconductor", "devices": "device",
    "enterprises": "enterprise", "investments": "investment", "resources": "resource", "equipments": "equipment",
    "machines": "machine", "components": "component", "optics": "optic", "photonics": "photonic",
    "aeronautics": "aeronautic", "aeronautical": "aeronautic", "dynamics": "dynamic",
    "hk": "hongkong",
    "mohammad": "mohammed", "muhammad": "mohammed", "mohamed": "mohammed", "muhammed": "mohammed",
    "mohamad": "mohammed", "mehmet": "mohammed",
    "first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5",
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10",
}

# Words that say little about identity. They count at a reduced weight when aligning names.
WEAK_WORDS: frozenset[str] = frozenset(
    """
    technology international group industry industrial trading trade import export development research institute
    university science electronic information engineering system service holding investment national center
    laboratory equipment manufacturing intelligent communication network software general global enterprise
    product machinery company corporation the of and for in on at to a an de la le les el al bin ibn abu bint
    van von der den da di do dos das del y e et und ul ould bint research academy branch office limited co ltd factory plant
    solution material device component import export logistics shipping overseas foreign economic commercial
    state federal republic ministry department bureau agency committee association foundation fund
    """.split()
)

# Place names that act as qualifiers inside organisation names ("Moore Thread ... (Beijing)", "ICBC (Asia)").
# Unmatched place words cost little when the other name names no place, and a lot when it names a different one.
PLACE_WORDS: frozenset[str] = frozenset(
    """
    beijing shanghai shenzhen guangzhou tianjin chongqing chengdu wuhan nanjing hangzhou xian xi'an hefei suzhou
    wuxi changsha qingdao dalian shenyang harbin jinan zhengzhou xiamen fuzhou kunming nanning changchun taiyuan
    shijiazhuang hohhot lanzhou urumqi guiyang nanchang ningbo dongguan foshan zhuhai mianyang zhuzhou xiangtan
    guangdong jiangsu zhejiang shandong hebei henan hubei hunan sichuan fujian anhui liaoning jilin heilongjiang
    shaanxi shanxi yunnan guizhou jiangxi gansu hainan xinjiang tibet ningxia qinghai guangxi
    hongkong macau macao taiwan taipei hsinchu
    china chinese asia europe america pacific africa
    london moscow dubai singapore tokyo paris berlin frankfurt zurich geneva schweiz suisse switzerland
    germany deutschland russia iran uae india pakistan turkey japan korea
    """.split()
)



def _joined(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", anyascii(name).lower())


# Country names as one joined token ("New Zealand" -> "newzealand"), for bracketed qualifiers such as
# "Huawei Technologies (New Zealand) Company Limited", plus common short forms.
COUNTRY_PLACES: dict[str, str] = {
    **{
        _joined(value): _joined(country.name)
        for country in pycountry.countries
        for value in {country.name, getattr(country, "common_name", country.name)}
    },
    "uk": "unitedkingdom", "gb": "unitedkingdom", "britain": "unitedkingdom", "greatbritain": "unitedkingdom",
    "usa": "unitedstates", "us": "unitedstates", "america": "unitedstates", "uae": "unitedarabemirates",
    "prc": "china", "hk": "hongkong", "hongkong": "hongkong", "hongkongsar": "hongkong", "macao": "macau",
    "russia": "russianfederation", "korea": "korearepublicof", "southkorea": "korearepublicof",
    "vietnam": "vietnam", "iran": "iranislamicrepublicof", "taiwan": "taiwan", "turkey": "turkiye",
}
PLACE_WORDS = PLACE_WORDS | frozenset(COUNTRY_PLACES.values()) | frozenset(
    k for k in COUNTRY_PLACES if len(k) > 3
)

# Chinese legal-form suffixes -> canonical form (longest first when matching).
CHINESE_LEGAL_FORMS: dict[str, str] = {
    "股份有限公司": "ltd",
    "有限责任公司": "ltd",
    "有限公司": "ltd",
    "总公司": "corp",
    "公司": "co",
}

# Common Chinese business words and their usual English forms in list entries. Longest match wins.
CHINESE_BUSINESS_WORDS: dict[str, str] = {
    "集成电路": "integrated circuit",
    "半导体": "semiconductor",
    "微电子": "microelectronic",
    "电子": "electronic",
    "技术": "technology",
    "科技": "technology",
    "信息": "information",
    "智能": "intelligent",
    "通信": "communication",
    "通讯": "communication",
    "网络": "network",
    "软件": "software",
    "系统": "system",
    "设备": "equipment",
    "装备": "equipment",
    "制造": "manufacturing",
    "国际": "international",
    "集团": "group",
    "控股": "holding",
    "投资": "investment",
    "贸易": "trading",
    "进出口": "import export",
    "工业": "industry",
    "产业": "industry",
    "实业": "industrial",
    "发展": "development",
    "研究所": "research institute",
    "研究院": "research institute",
    "研究中心": "research center",
    "大学": "university",
    "学院": "institute",
    "航空": "aviation",
    "航天": "aerospace",
    "光电": "optoelectronic",
    "光学": "optic",
    "精密": "precision",
    "仪器": "instrument",
    "材料": "material",
    "能源": "energy",
    "计算机": "computer",
    "计算": "computing",
    "超级计算": "supercomputing",
    "数据": "data",
    "中心": "center",
    "国家": "national",
    "实验室": "laboratory",
    "工程": "engineering",
    "机械": "machinery",
    "医疗": "medical",
    "物流": "logistics",
    "存储": "memory",
    "芯片": "chip",
    "设计": "design",
    "测试": "test",
    "封装": "packaging",
    "光刻": "lithography",
    "人工智能": "artificial intelligence",
    "云计算": "cloud computing",
    "分公司": "branch",
}

# Chinese place names (provinces, large cities) -> pinyin as lists spell them.
CHINESE_PLACES: dict[str, str] = {
    "北京": "beijing", "上海": "shanghai", "深圳": "shenzhen", "广州": "guangzhou", "天津": "tianjin",
    "重庆": "chongqing", "成都": "chengdu", "武汉": "wuhan", "南京": "nanjing", "杭州": "hangzhou",
    "西安": "xian", "合肥": "hefei", "苏州": "suzhou", "无锡": "wuxi", "长沙": "changsha", "青岛": "qingdao",
    "大连": "dalian", "沈阳": "shenyang", "哈尔滨": "harbin", "济南": "jinan", "郑州": "zhengzhou",
    "厦门": "xiamen", "福州": "fuzhou", "昆明": "kunming", "珠海": "zhuhai", "绵阳": "mianyang",
    "广东": "guangdong", "江苏": "jiangsu", "浙江": "zhejiang", "山东": "shandong", "河北": "hebei",
    "河南": "henan", "湖北": "hubei", "湖南": "hunan", "四川": "sichuan", "福建": "fujian", "安徽": "anhui",
    "香港": "hongkong", "澳门": "macau", "中国": "china", "中华": "china",
}

# Chinese trade names whose English form is not their pinyin (海光 is "Hygon", not "Haiguang"), for parties that
# matter in chip export controls. Each adds a reading; the pinyin reading is kept as well.
CHINESE_TRADE_NAMES: dict[str, str] = {
    "海光": "hygon",
    "曙光": "sugon",
    "寒武纪": "cambricon",
    "浪潮": "inspur",
    "飞腾": "phytium",
    "壁仞": "biren",
    "摩尔线程": "moore thread",
    "中芯国际": "semiconductor manufacturing international",
    "中芯": "smic",
    "长江存储": "yangtze memory",
    "长鑫存储": "changxin memory",
    "海康威视": "hikvision",
    "商汤": "sensetime",
    "旷视": "megvii",
    "依图": "yitu",
    "科大讯飞": "iflytek",
    "中兴": "zte",
    "国防科技大学": "national university of defense technology",
    "比特大陆": "bitmain",
    "算能": "sophgo",
    "沐曦": "metax",
    "燧原": "enflame",
    "天数智芯": "iluvatar corex",
    "阿里巴巴": "alibaba",
    "腾讯": "tencent",
    "百度": "baidu",
    "字节跳动": "bytedance",
    "深度求索": "deepseek",
}
