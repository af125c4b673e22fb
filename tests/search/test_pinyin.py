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


def test_many_names_across_processes_give_what_one_by_one_gives(monkeypatch, caplog):
    from hallapp.search import pinyin
    from hallapp.search.pinyin import PARALLEL_FROM, search_keys_many

    monkeypatch.setattr(pinyin, "PARALLEL_CHARS", 0)  # so few characters go to the workers too
    caplog.set_level("INFO", logger=pinyin.__name__)

    sample = [
        "创业培训补贴申领",
        "银行账户重新登记",
        "医疗机构（诊所）3D",
        "王㛃申请",  # Ext-A
        "吉𠮷家属证明",  # Ext-B, and a corrected phrase
        "堃喆珺燊",
        "",
        "ＣＹＰＸ全角",
    ]
    names = [f"{sample[i % len(sample)]}{i}" for i in range(PARALLEL_FROM + 1_234)]  # all distinct
    names += names[:50]  # and some twice
    assert search_keys_many(names, workers=2) == [search_keys(n) for n in names]
    assert "one process" not in caplog.text  # the workers did their part
    assert search_keys_many(sample) == [search_keys(n) for n in sample]  # few: done here


def test_many_names_when_no_process_can_be_started(monkeypatch):
    from hallapp.search import pinyin

    def refuse(*args, **kwargs):
        raise OSError("no processes here")

    monkeypatch.setattr(pinyin, "ProcessPoolExecutor", refuse)
    monkeypatch.setattr(pinyin, "PARALLEL_CHARS", 0)
    names = [f"社会保险登记{i}" for i in range(pinyin.PARALLEL_FROM)]
    assert pinyin.search_keys_many(names, workers=2) == [search_keys(n) for n in names]


def test_reading_a_name_word_by_word_gives_what_pypinyin_gives_for_the_whole_name():
    """``syllables`` remembers each word's reading; it must equal pypinyin reading the name at once."""
    import pypinyin

    from hallapp.config import SHIPPED_CATALOGUE_DIR
    from hallapp.search.pinyin import BREAK, _non_han, _pypinyin, syllables
    from hallapp.services.catalogue_files import read_catalogue

    _pypinyin()
    names = [g.name for g in read_catalogue(SHIPPED_CATALOGUE_DIR).guides]
    names += [
        "企业投资项目备案（变更）第12号",
        "银行业金融机构行政许可",
        "重新申领居民身份证",
        "家属参保登记",
        "A级景区评定·2026",
        "吉𠮷祥的长者补贴",
        "",
        "123",
        "中华人民共和国道路运输经营许可证核发",
    ]
    for name in names:
        whole = [
            item if item == BREAK else item.lower()
            for item in pypinyin.lazy_pinyin(name, style=pypinyin.Style.NORMAL, errors=_non_han, v_to_u=False)
        ]
        assert syllables(name) == whole, name
