import pytest

from hallapp.search.pinyin import PINYIN_CORRECTIONS, normalise_text, search_keys


@pytest.mark.parametrize(
    ("name", "initials", "pinyin"),
    [
        ("创业培训补贴申领", "cypxbtsl", "chuang ye pei xun bu tie shen ling"),
        ("银行账户重新登记", "yhzhcxdj", "yin hang zhang hu chong xin deng ji"),
        ("长者食堂", "zzst", "zhang zhe shi tang"),
        ("家属文化", "jswh", "jia shu wen hua"),
        ("少儿医疗保险参保登记", "seylbxcbdj", "shao er yi liao bao xian can bao deng ji"),
    ],
)
def test_keys_of_names_including_polyphones(name, initials, pinyin):
    assert search_keys(name) == (initials, pinyin)


def test_punctuation_becomes_a_break_and_latin_stays():
    initials, pinyin = search_keys("医疗机构（诊所）3D")
    assert initials == "yljg|zs|3d"
    assert pinyin == "yi liao ji gou | zhen suo | 3 d"


def test_corrections_are_applied_as_phrases():
    assert all(len(readings) == len(word) for word, readings in PINYIN_CORRECTIONS.items())


def test_normalise_text_folds_full_width_and_case():
    assert normalise_text("  ＣＹＰＸ１２ ") == "cypx12"
